// The TestSupport module; its contents arrive with the issue that builds it.
