"""GitHub (PyGithub and the REST JSON shape): issue sync, comments, links."""
