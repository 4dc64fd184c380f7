"""Taking in an application: the request, its checks, the acceptance number, the one transaction."""
