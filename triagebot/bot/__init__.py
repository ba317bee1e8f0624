"""discord.py only: the client, gateway intake, catch-up, cogs, buttons and wording."""
