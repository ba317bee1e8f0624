"""``triagebot index``: the saved index of recent messages, described or rebuilt.

The running bot keeps the index itself (it loads, reconciles and saves it); these
commands are for looking at it and for rebuilding it while the bot is stopped.
Neither loads the language model: the vectors are read from the database.
"""

from __future__ import annotations

import click

from triagebot.cli.progress import progress_bar
from triagebot.core.snowflake import snowflake_time
from triagebot.embeddings.resolve import model_id_for
from triagebot.index.files import read_meta, remove_files
from triagebot.index.recent import Bounds, RecentMessages
from triagebot.store.recent import indexable_ids, vector_dim
from triagebot.triage.compose import App
from triagebot.triage.stored_vectors import StoredVectors


@click.group("index")
def index_group() -> None:
    """The index of recent messages behind /similar's earlier discussions."""


@index_group.command("status")
@click.pass_obj
def status(app: App) -> None:
    """Where the index is saved, what it holds, and how many messages it should hold."""
    path, cfg = app.index_path, app.settings.index
    model = model_id_for(app.settings.embedding.model)
    with app.sessions() as session:
        wanted = indexable_ids(session, model, since_id=Bounds(cfg.recent_days).oldest_id())
    click.echo(f"path: {path or '(none: in-memory database)'}")
    meta = read_meta(path) if path is not None else None
    if path is None or meta is None or not path.exists():
        click.echo("saved: no (the bot builds it on start)")
    else:
        newest = snowflake_time(meta.newest_id).isoformat() if meta.newest_id else "-"
        click.echo(f"saved: {meta.saved_at}, {path.stat().st_size / 1e6:,.1f} MB")
        click.echo(f"vectors: {meta.count:,} of {meta.model}, newest message {newest}")
    shown = min(len(wanted), cfg.max_vectors)
    click.echo(f"indexable now: {shown:,} messages of the last {cfg.recent_days} days")


@index_group.command("rebuild")
@click.pass_obj
def rebuild(app: App) -> None:
    """Rebuild the saved index from the database. Stop the bot first: a running bot
    saves its own copy over it."""
    path, cfg = app.index_path, app.settings.index
    if path is None:
        raise click.UsageError("an in-memory database has no saved index")
    model = model_id_for(app.settings.embedding.model)
    with app.sessions() as session:
        dim = vector_dim(session, model)
    if dim is None:
        raise click.UsageError(f"no stored vectors of {model} to index")
    remove_files(path)
    bounds = Bounds(cfg.recent_days, cfg.max_vectors)
    source = StoredVectors(app.sessions, model)
    recent = RecentMessages(source, model, dim, path=path, bounds=bounds, width=cfg.search_width)
    with progress_bar() as bar:
        task = bar.add_task("indexing recent messages", total=None)
        recent.prepare(lambda done, total: bar.update(task, completed=done, total=total))
    click.echo(f"indexed {len(recent.index):,} messages in {path}")
