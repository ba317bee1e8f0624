"""GitHub only (PyGithub and the REST JSON shape): issue pages, comments, issue files."""
