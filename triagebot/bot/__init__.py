"""discord.py adapters: the client, gateway intake, catch-up from history."""
