"""Application commands and interactions: INTERACTION_CREATE out, callbacks/webhooks in.

``send_interaction`` builds the ``d`` Discord sends (member with a ``permissions``
string, channel object, ``attachment_size_limit`` - discord.py reads that one
unconditionally - ``entitlements``, ``authorizing_integration_owners`` ...), so
discord.py's command tree and view store dispatch to real registered handlers. The
replies come back over REST and are recorded per interaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from tests.fakes.discord_events import Events
from tests.fakes.discord_limits import choice_problems, refuse
from tests.fakes.discord_modals import MODAL_SUBMIT, modal_problems
from tests.fakes.discord_payloads import channel_json, member_json, message_json, user_json
from tests.fakes.discord_rest import Call, DiscordHTTPError, RestRouter, Result
from tests.fakes.discord_routes import apply_edit, message_from_body, validate_message_body
from tests.fakes.discord_state import Json, Message, World, utcnow

EPHEMERAL = 1 << 6
LOADING = 1 << 7


@dataclass
class InteractionRecord:
    id: int
    token: str
    payload: Json
    responses: list[Json] = field(default_factory=list)
    followups: list[Json] = field(default_factory=list)
    messages: dict[int, Message] = field(default_factory=dict)
    original_id: int | None = None

    @property
    def acknowledged(self) -> bool:
        return bool(self.responses)


class Interactions:
    """State and endpoints for application commands and interaction responses."""

    def __init__(self, events: Events) -> None:
        self.events = events
        self.world: World = events.world
        self.records: dict[int, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}
        self.global_commands: dict[str, Json] = {}
        self.guild_commands: dict[int, dict[str, Json]] = {}

    def register(self, router: RestRouter) -> None:
        add = router.add
        for base in (
            "/applications/{application_id}",
            "/applications/{application_id}/guilds/{guild_id}",
        ):
            add("GET", base + "/commands", self.get_commands)
            add("PUT", base + "/commands", self.put_commands)
            add("POST", base + "/commands", self.post_command)
        callback = "/interactions/{interaction_id}/{interaction_token}/callback"
        add("POST", callback, self.callback, auth=False)
        hook = "/webhooks/{application_id}/{interaction_token}"
        add("POST", hook, self.followup, auth=False)
        for target in ("@original", "{message_id}"):
            add("GET", f"{hook}/messages/{target}", self.get_webhook_message, auth=False)
            add("PATCH", f"{hook}/messages/{target}", self.edit_webhook_message, auth=False)
            add("DELETE", f"{hook}/messages/{target}", self.delete_webhook_message, auth=False)

    # application commands -------------------------------------------------------

    def _command_store(self, call: Call) -> dict[str, Json]:
        if call.id("application_id") != self.world.application_id:
            raise DiscordHTTPError(403, 50001, "Missing Access")
        if "guild_id" in call.params:
            return self.guild_commands.setdefault(call.id("guild_id"), {})
        return self.global_commands

    def _command(self, call: Call, body: Json, existing: Json | None) -> Json:
        command = {
            "type": 1,
            "description": "",
            "default_member_permissions": None,
            "nsfw": False,
            "name_localizations": None,
            "description_localizations": None,
            **body,
        }
        command.update(
            id=existing["id"] if existing else str(self.world.snowflakes.make()),
            application_id=str(self.world.application_id),
            version=str(self.world.snowflakes.make()),
        )
        if "guild_id" in call.params:
            command["guild_id"] = call.params["guild_id"]
        return command

    async def get_commands(self, call: Call) -> Result:
        return 200, list(self._command_store(call).values())

    async def put_commands(self, call: Call) -> Result:
        store = self._command_store(call)
        old = dict(store)
        store.clear()
        for body in call.body or []:
            key = f"{body.get('type', 1)}:{body['name']}"
            store[key] = self._command(call, body, old.get(key))
        return 200, list(store.values())

    async def post_command(self, call: Call) -> Result:
        store = self._command_store(call)
        key = f"{call.body.get('type', 1)}:{call.body['name']}"
        created = key not in store
        store[key] = self._command(call, call.body, store.get(key))
        return (201 if created else 200), store[key]

    def find_command(self, name: str, guild_id: int, type: int = 1) -> Json | None:
        """The registered command an invocation refers to: guild-scoped first, as on Discord."""
        key = f"{type}:{name}"
        return self.guild_commands.get(guild_id, {}).get(key) or self.global_commands.get(key)

    # INTERACTION_CREATE ------------------------------------------------------------

    def build(self, payload: Json) -> InteractionRecord:
        """Complete a partial interaction (``type``, ``guild_id``, ``channel_id``,
        ``user_id``, ``data`` and, for components, ``message_id``) into Discord's shape."""
        world = self.world
        interaction_id = world.snowflakes.make()
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(24)
        channel_id = int(payload["channel_id"])
        channel = world.channels[channel_id]
        guild = world.guilds[int(payload.get("guild_id") or channel.guild_id)]
        user_id = int(payload.get("user_id") or next(iter(guild.members)))
        kind = int(payload.get("type", 2))
        data = dict(payload.get("data") or {})
        if kind in (2, 4):
            data.setdefault("type", 1)
            command = self.find_command(data["name"], guild.id, data["type"])
            data.setdefault("id", command["id"] if command else str(world.snowflakes.make()))
            if command is not None and "guild_id" in command:
                data.setdefault("guild_id", command["guild_id"])  # guild commands carry it
        d: Json = {
            "id": str(interaction_id),
            "application_id": str(world.application_id),
            "type": kind,
            "data": data,
            "guild_id": str(guild.id),
            "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
            "channel_id": str(channel_id),
            "channel": channel_json(world, channel),
            "token": token,
            "version": 1,
            "app_permissions": str(world.member_permissions(guild, world.bot_user_id)),
            "locale": payload.get("locale", "en-US"),
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if user_id in guild.members:
            d["member"] = member_json(world, guild, guild.members[user_id], permissions=True)
        else:
            d["user"] = user_json(world.user(user_id))
        if payload.get("message_id") is not None:
            message = world.message(channel_id, int(payload["message_id"]))
            if message is None:
                raise KeyError(f"fake discord: no message {payload['message_id']} in {channel_id}")
            d["message"] = message_json(world, message)
        reserved = ("user_id", "message_id", "data", "type", "guild_id", "channel_id")
        d.update({k: v for k, v in payload.items() if k not in reserved})
        record = InteractionRecord(interaction_id, token, d)
        self.records[interaction_id] = record
        self._by_token[token] = record
        return record

    def dispatch(self, record: InteractionRecord) -> None:
        guild_id = int(record.payload["guild_id"])
        self.events.gateway.dispatch(
            "INTERACTION_CREATE", lambda _s: record.payload, guild_id=guild_id
        )

    # responses ------------------------------------------------------------------

    def _record(self, call: Call) -> InteractionRecord:
        record = self._by_token.get(call.params["interaction_token"])
        if record is None or (
            "interaction_id" in call.params and call.id("interaction_id") != record.id
        ):
            raise DiscordHTTPError(404, 10062, "Unknown interaction")
        return record

    def _new_message(
        self, record: InteractionRecord, body: Json, call: Call, *, original: bool
    ) -> Message:
        channel_id = int(record.payload["channel_id"])
        is_command = record.payload["type"] == 2
        message = message_from_body(
            self.events,
            channel_id,
            body,
            call.record.files,
            author_id=self.world.bot_user_id,
            type=20 if original and is_command else 0,
        )
        message.webhook_id = self.world.application_id
        message.application_id = self.world.application_id
        user = record.payload.get("member", {}).get("user") or record.payload.get("user")
        message.interaction_metadata = {
            "id": str(record.id),
            "type": record.payload["type"],
            "user": user,
            "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
        }
        record.messages[message.id] = message
        if message.flags & EPHEMERAL:
            return message
        return self.events.message_create(message)

    def _component_message(self, record: InteractionRecord) -> Message | None:
        target = record.payload.get("message")
        if target is None:
            return None
        return self.world.message(int(target["channel_id"]), int(target["id"]))

    async def callback(self, call: Call) -> Result:
        record = self._record(call)
        if record.acknowledged:
            raise DiscordHTTPError(400, 40060, "Interaction has already been acknowledged.")
        body = call.body if isinstance(call.body, dict) else {}
        kind = int(body.get("type", 0))
        if kind not in (4, 5, 6, 7, 8, 9, 10, 12):
            raise DiscordHTTPError(400, 50035, "Invalid Form Body")
        data: Json = body["data"] if isinstance(body.get("data"), dict) else {}
        if kind == 9 and record.payload["type"] in (4, MODAL_SUBMIT):
            raise DiscordHTTPError(400, 50035, "Invalid Form Body")  # no modal answers these
        _check_response(kind, data, call.record.files)  # a refused answer acknowledges nothing
        record.responses.append(body)
        message: Message | None = None
        if kind == 4:
            message = self._new_message(record, data, call, original=True)
        elif kind == 5:
            loading = {"content": "", "flags": LOADING | (int(data.get("flags") or 0) & EPHEMERAL)}
            message = self._new_message(record, loading, call, original=True)
        elif kind == 7:
            message = self._component_message(record)
            if message is not None:
                apply_edit(message, data)
                message.edited_timestamp = utcnow()
                self.events.message_update(message)
        if message is not None and kind in (4, 5):
            record.original_id = message.id
        if call.query.get("with_response") not in ("1", "true", "True"):
            return 204, None
        response: Json = {"interaction": {"id": str(record.id), "type": record.payload["type"]}}
        if message is not None:
            response["interaction"].update(
                response_message_id=str(message.id),
                response_message_loading=bool(message.flags & LOADING),
                response_message_ephemeral=bool(message.flags & EPHEMERAL),
            )
        resource: Json = {"type": kind}
        if message is not None and kind in (4, 5, 7):
            resource["message"] = message_json(self.world, message)
        response["resource"] = resource
        return 200, response

    def _target(self, record: InteractionRecord, call: Call) -> Message:
        if "message_id" in call.params:
            message = record.messages.get(call.id("message_id"))
        elif record.original_id is not None:
            message = record.messages.get(record.original_id)
        else:
            message = self._component_message(record) if record.acknowledged else None
        if message is None:
            raise DiscordHTTPError(404, 10008, "Unknown Message")
        return message

    async def get_webhook_message(self, call: Call) -> Result:
        record = self._record(call)
        return 200, message_json(self.world, self._target(record, call))

    async def edit_webhook_message(self, call: Call) -> Result:
        record = self._record(call)
        message = self._target(record, call)
        body = validate_message_body(call.body, call.record.files, partial=True)
        record.followups.append({"method": "PATCH", "message_id": message.id, **body})
        was_loading = bool(message.flags & LOADING)
        message.flags &= ~LOADING
        apply_edit(message, body)
        if not was_loading:
            message.edited_timestamp = utcnow()
        self.events.message_update(message)
        return 200, message_json(self.world, message)

    async def delete_webhook_message(self, call: Call) -> Result:
        record = self._record(call)
        message = self._target(record, call)
        record.followups.append({"method": "DELETE", "message_id": message.id})
        record.messages.pop(message.id, None)
        if not message.flags & EPHEMERAL:
            self.events.message_delete(message.channel_id, message.id)
        return 204, None

    async def followup(self, call: Call) -> Result:
        record = self._record(call)
        if not record.acknowledged:
            raise DiscordHTTPError(404, 10015, "Unknown Webhook")
        body = validate_message_body(call.body, call.record.files)
        message = self._new_message(record, body, call, original=False)
        record.followups.append({"method": "POST", "message_id": message.id, **body})
        return 200, message_json(self.world, message)

    def messages_of(self, interaction_id: int) -> list[Json]:
        record = self.records[interaction_id]
        return [message_json(self.world, m) for m in record.messages.values()]


def _check_response(kind: int, data: Json, files: list[Json]) -> None:
    """Refuse a callback Discord would: a message (4), an edit of the component's
    message (7) or an autocomplete answer (8) over a size limit, or an empty message."""
    if kind == 4:
        validate_message_body(data, files, at=("data",))
    elif kind == 7:
        validate_message_body(data, files, partial=True, at=("data",))
    elif kind == 8:
        refuse(choice_problems(data))
    elif kind == 9:
        refuse(modal_problems(data))
