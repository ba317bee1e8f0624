"""The application: how a message becomes a stored, embedded, matched, scored fact, and
what the bot then says and does about it.

- ``pipeline``: every intake's events, batched and stored off the event loop;
- ``stages``: what each stored batch goes through, in flow order (embed, match, spam,
  index);
- the services that decide what to say and do: ``hints``, ``moderation``,
  ``digests``, ``linking``, ``similar``, ``discussions``, ``issue_sync``,
  ``notices``;
- ``services.assemble``: the one place they are built; ``compose.App`` feeds it from
  the settings.

No discord.py here: the bot (``triagebot.bot``) only speaks Discord for these.
"""
