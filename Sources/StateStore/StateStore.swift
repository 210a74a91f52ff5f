// The StateStore module; its contents arrive with the issue that builds it.
