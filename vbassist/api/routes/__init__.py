"""One router per resource; each is thin over the functions the CLI uses."""
