// The MesosLocal module; its contents arrive with the issue that builds it.
