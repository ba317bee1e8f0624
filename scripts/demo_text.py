"""Hand-written text for the bundled demo community (used by ``make_demo_data.py``).

Everything here is fictional and written for this project: the "Lumen" static-site
generator, its people and handles, its issues, and the spam domains.

Conversation lines use a tiny notation:
  ``who: text``      a message
  ``who>: text``     a reply to the previous line
  ``who>other: ..``  a reply to ``other``'s latest line in the same conversation
``who`` is a member key (``quill``, ``pixelfern``...) or a one-letter slot (``A``..``Z``)
that the generator fills with a random regular member, distinct within a conversation.
In the text, ``{@X}`` mentions X; ``[[img:f.png]]`` / ``[[file:f.txt]]`` attach a file;
``[[edit]]`` marks the message edited; ``[[pin]]`` pins it; ``[[wait:40]]`` adds minutes.
"""

from __future__ import annotations

REPO = "lumen-dev/lumen"
SHORT_REPLIES = ["lol", "same", "agreed", "👍", "haha", "true", "nice", "+1", "😂", "fair", "🙌",
                 "❤️", "ha, same", "👀", "same tbh", "real"]

# ---------------------------------------------------------------- people
# key, handle, nickname, roles, account created (YYYY-MM), GitHub login
TEAM: list[tuple[str, str, str, list[str], str, str]] = [
    ("quill", "quillfeather", "Quill", ["Maintainer", "Server Booster"], "2017-03", "quillfeather"),
    ("moss", "mossbyte", "Moss", ["Maintainer"], "2018-11", "mossbyte"),
    ("juni", "juniperlog", "Juni", ["Contributor"], "2020-02", "juniper-log"),
    ("tanuki", "tinkertanuki", "Tanuki", ["Contributor"], "2019-08", "tinkertanuki"),
    ("reed", "hollowreed", "Reed (mod)", ["Moderator"], "2016-09", "hollowreed"),
]
BOTS: list[tuple[str, str, str, str]] = [  # key, handle, nickname, discriminator
    ("ci", "lumen-ci", "Lumen CI", "4821"),
    ("helper", "lumen-helper", "Lumen Helper", "0613"),
]
# handle[:nickname][+role]  — regular members, most active first
MEMBERS = """
sleepy_otter:Otter vantablue kettle.corn:Kettle m0rrow pixelfern:Fern+Early tidepool_dev
gravelroad:Gravel nightjar copperkettle lowpoly_lu:Lu ferrous yarn_and_yaml hexbloom
cloudberry:Cloud paper.moth driftwood_dev umami_ui quartzlight brambleworks saltmarsh
inkwell_k:Ink tangent.space+Contributor mellowfellow bytewren:Wren+Contributor
lichen_lab+Contributor ozone_ox rustbucket99 glasswing pipwick noodle_arm:noodle verdigris
static_kat:Kat owlbear_ops marmalade.js sundial crumbcake fjordic peppercorn hollowpine
terracotta_t zephyr.zip plumline wintermint:Minty basalt cobalt_cat fernhill lanternfish
riverstone_r:River oat_milk_latte tinfoil_hat kumquat halcyon_h shortbread:Shorty minnow
atlas_moth juno_b rook.and.pawn sprocket+Early thistledown maple_syntax:Maple cinder
dustjacket foxglove_fg gingersnap larkspur mothball nimbus_n pebble.dev quokka_q rainier
sorrel tumbleweed umbra vellum wisteria xylo yuzu:Yuzu zinnia blue_heron candlewick
ember_e flintlock grackle hazelnut isobar jackdaw kelpie loam mistral nettle oriole
parsnip_p:Parsnip quince redshift_r:Redshift snowmelt trellis undertow vireo wren_w
""".split()  # noqa: SIM905
# key, handle, nickname, created (YYYY-MM-DD) — accounts that only ever post spam
SPAMMERS: list[tuple[str, str, str, str]] = [
    ("kairo", "kairo.invests", "Kairo | Mentor", "2026-11-17"),
    ("vela", "velafx_mentor", "Vela FX", "2026-11-18"),
    ("mira", "mira_signals", "Mira 📈", "2026-11-19"),
    ("steam", "stm_giveaway", "stm_giveaway", "2026-11-20"),
    ("jobs", "talent.recruit.hq", "Talent HQ", "2026-11-16"),
    ("alpha", "alpha_calls_club", "Alpha Calls", "2026-11-12"),
    ("stars", "cheap_gh_stars", "cheap_gh_stars", "2026-11-03"),
    ("essay", "essaywriter_pro", "EssayPro", "2026-10-28"),
]
ROLES: list[tuple[str, str | None, int]] = [  # name, colour, position
    ("Maintainer", "#E67E22", 7), ("Moderator", "#2ECC71", 6), ("Contributor", "#3498DB", 5),
    ("Bots", "#99AAB5", 4), ("Server Booster", "#F47FFF", 3), ("Early", None, 2),
]
ROLE_NAMES = {"Early": "Early Supporter"}

# ---------------------------------------------------------------- places
CATEGORIES = {"community": "Community", "support": "Support", "development": "Development"}
# key: (category, topic, created YYYY-MM-DD)
CHANNELS: dict[str, tuple[str, str | None, str]] = {
    "general": ("community", "Chat about Lumen and anything around it. Be kind. 🌱", "2021-04-12"),
    "help": ("support", "Ask for help here. Include your Lumen + Python version and OS! "
             "Docs: https://lumen-dev.github.io/lumen/", "2021-04-12"),
    "help-forum": ("support", "One post per problem. Search first, then post.", "2023-03-02"),
    "dev": ("development", "Working on Lumen itself: PRs, design, releases.", "2021-05-03"),
    "showcase": ("community", "Show us what you built with Lumen ✨", "2021-06-20"),
    "off-topic": ("community", "Anything that's not Lumen.", "2021-04-12"),
}
# thread key: (parent channel, title)  — parent "help-forum" makes it a forum post
THREADS: dict[str, tuple[str, str]] = {
    "t:clean": ("help-forum", "build --clean deleted my whole project folder"),
    "t:spaces": ("help-forum", "Images in folders with spaces aren't copied to public/"),
    "t:rss": ("help-forum", "RSS feed dates are a day off when timezone is set"),
    "t:404": ("help-forum", "How do I add a custom 404 page?"),
    "t:include": ("help-forum", "TemplateNotFound after upgrading to 0.9.2"),
    "t:winserve": ("help", "lumen serve crashing on Windows (0.9.2) — reports here"),
    "t:release": ("dev", "0.9.3 release planning"),
}

# ---------------------------------------------------------------- storylines
# (channel, "day hh:mm" or None for a random time, lines)
Convo = tuple[str, str | None, list[str]]

TRACE_WIN = (
    "```\nPS C:\\Users\\me\\blog> lumen serve\nLumen 0.9.2 · serving public/ on "
    "http://127.0.0.1:8000 (live reload on)\n[watch] changed: content\\posts\\hello.md\n"
    "Traceback (most recent call last):\n  File \"C:\\Users\\me\\AppData\\Local\\Programs\\"
    "Python\\Python312\\Lib\\site-packages\\lumen\\server\\reload.py\", line 88, in "
    "_notify_clients\n    ready, _, _ = select.select(self._clients, [], [], 0)\n"
    "OSError: [WinError 10038] An operation was attempted on something that is not a socket\n```"
)
TRACE_INCLUDE = (
    "```\n$ lumen build\nLumen 0.9.2 · building 48 pages\nerror: while rendering "
    "content/about.md\n  File \".../lumen/render/templates.py\", line 142, in render_page\n"
    "jinja2.exceptions.TemplateNotFound: ./partials/nav.html\n```"
)

STORIES: list[Convo] = [
    # --- Windows live-reload crash (#412) -------------------------------------------
    ("help", "1 07:52", [
        "A: after upgrading to 0.9.2 `lumen serve` dies the moment I save a file 😩 "
        "windows 11, python 3.12. anyone else?",
        "B>: yep, same here on win10. thought it was my setup",
        "A: this is what i get:\n" + TRACE_WIN,
        "C: works fine for me on macOS fwiw",
        "B: downgrading to 0.9.1 fixes it for me: `pip install lumen-ssg==0.9.1`",
    ]),
    ("general", "1 08:31", [
        "A: is live reload broken for anyone else on windows since this morning's upgrade?",
        "B>: there's a convo in #help, sounds like yes",
        "A: ah ok, thx. at least it's not me for once 😅",
    ]),
    ("help", "1 09:41", [
        "tidepool_dev: opened https://github.com/lumen-dev/lumen/issues/412 with the traceback, "
        "please add your Windows + Python version there if you hit it",
        "quill>: thanks! confirmed. 0.9.2 puts a pipe into the select() set for the shutdown "
        "signal and on Windows select() only accepts sockets. Workaround for now: "
        "`lumen serve --no-reload`, or pin `lumen-ssg==0.9.1`",
        "A>: --no-reload works 👍",
        "tidepool_dev: 🙏",
    ]),
    ("t:winserve", "1 10:05", [
        "reed: Collecting the Windows live-reload crash reports here so #help stays readable. "
        "Please post: Windows version, Python version, how you installed Lumen (pip / pipx / "
        "conda), and whether `--no-reload` avoids it. Tracking issue: "
        "https://github.com/lumen-dev/lumen/issues/412",
        "A: win 11 23H2, python 3.12.7, pipx. --no-reload avoids it",
        "B: Windows 10 22H2, Python 3.11.9, plain pip in a venv. same crash, --no-reload works",
        "C: Windows Server 2022 (yes really, our docs box), 3.12, crashes on the first rebuild",
        "D: win11, python 3.13.0 from the store, crash is identical. happy to test a fix",
        "E: does it happen in WSL too? i only tried native powershell",
        "F>: WSL is fine for me, it's only native windows",
        "G: it only crashes once a browser tab is connected. with no tab open the rebuild "
        "goes through",
        "quill>: that matches: the client socket list is empty until a tab connects, so "
        "select() isn't called before that. good catch",
    ]),
    ("t:winserve", "1 15:20", [
        "A: conda env, win10, python 3.11 — same. also tried `--port 9000`, not a port thing",
        "B: I thought my antivirus was killing it lol but no, it's this",
        "C: lmao I spent an hour debugging my own template before realizing it was the serve "
        "crash everyone's talking about",
        "D: full log in case it helps [[file:serve-crash.txt]]",
        "E: 0.9.1 pinned in my requirements for now, works",
    ]),
    ("t:winserve", "2 09:02", [
        "A: still happening on 0.9.2 this morning, is there an ETA? not complaining, just "
        "planning my day",
        "moss>: working on it today. the fix is small but we want a Windows CI job that "
        "actually exercises live reload so it doesn't come back",
        "B: my dev server just silently quits after the first rebuild. no error unless i run "
        "with -v, then it's the 10038 socket thing",
        "C: +1 on 0.9.2, windows 11 ARM (surface), python 3.12 arm64",
        "D: is there a way to get live reload without the crash? --no-reload means I hit F5 "
        "a lot",
        "E>: you could run `lumen build --watch` and use a browser extension for reload, "
        "clunky but works",
    ]),
    ("t:winserve", "3 11:04", [
        "moss: PR is up: https://github.com/lumen-dev/lumen/pull/416 — if you're on Windows "
        "and can test it: `pip install "
        "\"lumen-ssg @ git+https://github.com/lumen-dev/lumen@refs/pull/416/head\"`",
        "A>: testing now",
        "A: works on win11 + py3.12 🎉 saved like 30 times, no crash",
        "B: tested on win10 / 3.11 venv, live reload works again, thank you!!",
        "C: works with 3.13 too",
        "D: pipx users: `pipx install --force \"lumen-ssg @ git+https://github.com/lumen-dev/"
        "lumen@refs/pull/416/head\"`",
        "moss: thanks all, that's plenty of confirmation. will land it for 0.9.3",
    ]),
    ("t:winserve", "4 10:30", [
        "A: just found this thread after fighting the crash all morning 🙃 glad it's fixed "
        "on main",
        "reed>: 0.9.3 should be out early next week. until then `--no-reload` or the PR build",
    ]),
    ("help", "2 13:12", [
        "A: hey, `lumen serve` keeps exiting with WinError 10038 whenever i edit a markdown "
        "file, any idea? i reinstalled python already",
        "B>: known bug in 0.9.2 on Windows, see the thread #lumen serve crashing on Windows "
        "(0.9.2) — reports here. `lumen serve --no-reload` works meanwhile",
        "A>: oh thank god, thanks",
    ]),
    ("general", "2 16:40", [
        "A: upgraded this morning and now the preview server dies every time I hit ctrl+s, "
        "is there an issue for this?",
        "B>: #412, fix is being worked on. windows?",
        "A>: yes. ok, will wait",
    ]),
    ("help", "3 19:30", [
        "A: does anybody have a fix for 'not a socket' error when running lumen serve? win 10",
        "reed>: PR #416 fixes it, 0.9.3 soon. meanwhile `lumen serve --no-reload`",
    ]),

    # --- Static files with spaces not copied (#398) ------------------------------------
    ("help", "1 13:20", [
        "A: images in `static/My Photos/` aren't copied to public/ at all. if I rename the "
        "folder to my-photos it works. bug or feature? 😅",
        "moss>: bug: https://github.com/lumen-dev/lumen/issues/398 — the asset copier quotes "
        "paths twice. renaming is the workaround for now",
        "A>: ah, renaming 200 folders it is. thanks",
        "B: oh so THAT's why my team photos were 404ing",
    ]),
    ("t:spaces", "2 09:15", [
        "quartzlight: I have a gallery with ~40 images and exactly the 6 whose filename "
        "contains a space are missing from the built site. Build log:\n```\n$ lumen build\n"
        "[assets] copied 34 files\n[assets] skipped: static/gallery/summer trip/beach 01.jpg "
        "(No such file or directory)\n[assets] skipped: static/gallery/team photo.jpg "
        "(No such file or directory)\n...\n```\nLumen 0.9.2, Ubuntu 24.04, Python 3.12. Is "
        "there a setting for this?",
        "A>: same, and it also breaks `![](/images/summer%20trip/beach.jpg)` in markdown",
        "lichen_lab>: that's #398 https://github.com/lumen-dev/lumen/issues/398 — no "
        "setting yet, the copier mangles the path. rename or wait for the fix",
        "B: windows here and it's worse: my project lives in `C:\\Users\\me\\Documents\\My "
        "Site\\` and NOTHING gets copied, because the space is in the project path itself",
        "C>: oof. moving the project to C:\\dev\\site fixed that for me last month",
        "quartzlight: ok renaming for now, thanks. subscribed to the issue",
        "D: +1, `static/Café Menu.pdf` isn't copied either (space + accent)",
    ]),
    ("t:spaces", "3 14:50", [
        "A: any update on this? client keeps sending files named 'Final Logo v2 (1).png' 🙃",
        "tanuki>: PR is open: https://github.com/lumen-dev/lumen/pull/417 — needs a Windows "
        "reviewer, then it should make 0.9.3",
        "A>: 🙌",
    ]),
    ("help", "2 20:05", [
        "A: quick q: why does `lumen build` say 'skipped 3 assets'? they're all pngs with "
        "spaces in the names",
        "B>: spaces bug (#398). rename them with dashes and it works",
    ]),
    ("general", "2 11:48", [
        "A: images not showing after deploy to netlify… turns out they never made it into "
        "public/ because the folder is called 'blog images' 🤦",
        "B>: the spaces bug got me too last week",
    ]),
    ("help", "4 14:12", [
        "A: Filenames with spaces get silently dropped from the output?? lost 30 min on that",
        "juni>: yes, #398. fix is in PR #417, should be in 0.9.3. rename for now",
    ]),

    # --- RSS feed dates in a time zone (NO issue yet) -----------------------------------
    ("help", "2 08:05", [
        "saltmarsh: my RSS feed shows every post one day early. site timezone is "
        "Europe/Berlin, post date is `2026-11-18`, but feed.xml says `<pubDate>Tue, 17 Nov "
        "2026 23:00:00 +0000</pubDate>`",
        "A>: are you setting `timezone` in lumen.toml?",
        "saltmarsh>: yes, `timezone = \"Europe/Berlin\"`. the pages show the right date, only "
        "the feed is off",
        "A: hm, no idea then, sorry",
    ]),
    ("t:rss", "2 10:40", [
        "nightjar: My feed puts posts on the previous day when a timezone is configured.\n"
        "```toml\n# lumen.toml\ntimezone = \"Asia/Tokyo\"\n[feed]\nenabled = true\n```\n"
        "front matter: `date: 2026-11-19` → feed.xml: `Wed, 18 Nov 2026 15:00:00 +0000`. "
        "Everything is shifted 9 hours back, so in feed readers the post shows up as "
        "yesterday. Lumen 0.9.2, also on 0.9.1. Couldn't find an issue.",
        "wisteria: same in Australia/Sydney. my newsletter tool reads the feed and put "
        "yesterday's date in the email subject 🙃",
        "oriole: America/Sao_Paulo here: the day is right but the time is 3h off. probably "
        "the same bug from the other side",
        "A: subscribing, I'm on Europe/Paris and never noticed but yeah, 23:00 previous day",
        "nightjar: workaround I found: give posts an explicit time, `date: 2026-11-19T12:00`, "
        "then the day survives",
        "mistral: it's not only RSS, atom.xml `<updated>` is wrong the same way",
    ]),
    ("general", "2 18:22", [
        "cloudberry: is it just me or are feed dates wrong? Feedly shows my post from today "
        "as yesterday",
        "A>: there's a forum post about exactly that, check #help-forum",
        "cloudberry>: ah, timezone thing. found it, thanks",
    ]),
    ("help", "3 06:50", [
        "hexbloom: pubDate in feed.xml ignores `timezone = \"Asia/Kolkata\"`. I get 18:30 of "
        "the previous day for a post dated today. Is this a known thing?",
        "A>: I think someone posted the same in the forum yesterday, no fix yet afaik",
    ]),
    ("dev", "3 09:30", [
        "redshift_r: looked at the feed dates thing from the forum. in feed.py the naive "
        "front-matter date gets `.replace(tzinfo=UTC)` before the site timezone is applied, "
        "so east-of-UTC sites land on the previous day. has anyone opened an issue for this? "
        "couldn't find one",
        "moss>: no issue yet as far as I know. could you open one with that analysis? then "
        "it can go on the 0.9.3 list",
        "redshift_r>: sure, tonight",
    ]),
    ("general", "3 19:05", [
        "fjordic: PSA if your site is east of UTC your RSS dates are probably wrong right "
        "now. workaround: put a time in the front matter (`date: 2026-11-20T12:00`)",
        "A>: ahh that explains my feed being weird. thx",
    ]),
    ("t:rss", "4 10:15", [
        "A: any update on this one? still broken on main for me",
        "B>: I don't think there's an issue on GitHub yet, someone in #dev said they'd open "
        "one",
    ]),

    # --- path traversal in the dev server (reported privately) ------------------------
    ("dev", "2 21:14", [
        "umbra: not sure where to put this: I think `lumen serve` has a path traversal — it "
        "served a file from outside public/ when I requested a path with `../` segments. "
        "(details removed, sent a private report instead) [[edit]]",
        "quill>: thanks for flagging. please keep details out of public channels; the "
        "private report via GitHub → Security → Report a vulnerability is exactly right",
        "umbra>: done, sorry, didn't think before posting 🙈",
        "quill: no worries. everyone: the dev server binds 127.0.0.1 by default, so this "
        "matters only if you run `--host 0.0.0.0`. avoid that until the fix is out",
    ]),
    ("general", "3 08:10", [
        "A: wait, is it true `lumen serve` can leak files outside the site folder? I use "
        "`--host 0.0.0.0` to test on my phone at work",
        "moss>: only the dev server and only reachable from your network. until 0.9.3 keep "
        "the default 127.0.0.1 bind. we'll publish details with the fix",
        "A>: ok, switching back. thanks for being upfront",
    ]),
    ("help", "3 12:40", [
        "A: is it safe to run `lumen serve` on café wifi? someone mentioned a directory "
        "traversal bug",
        "reed>: with the default bind (127.0.0.1) nobody else can reach it. just don't use "
        "`--host 0.0.0.0` on public networks until 0.9.3",
    ]),

    # --- build --clean deleting sources (#405) ------------------------------------------
    ("t:clean", "2 15:30", [
        "gravelroad: I had `output_dir = \".\"` in lumen.toml because I deploy from the repo "
        "root (GitHub Pages). Ran `lumen build --clean` and it wiped content/, templates/, "
        "static/ — everything except .git. Is this expected?? Most of it was pushed but I "
        "lost two drafts 😭\n```\n$ lumen build --clean\n[clean] removing ./content\n"
        "[clean] removing ./templates\n[clean] removing ./static\n[clean] removing "
        "./lumen.toml\nerror: no lumen.toml found in .\n```",
        "quill>: I'm really sorry. that is #405 "
        "https://github.com/lumen-dev/lumen/issues/405 — `--clean` trusts output_dir "
        "blindly. don't use --clean until 0.9.3; for GitHub Pages use `output_dir = "
        "\"docs\"`",
        "copperkettle: happened to me too on windows with `output_dir = \"..\\\\site\"`, it "
        "nuked the other stuff in the parent folder",
        "A: `git restore .` saved me when I did the same thing in september",
        "B: for the unpushed drafts: if you used VS Code, check its Local History "
        "(Ctrl+Shift+P → 'Local History: Find Entry to Restore')",
        "gravelroad>: OMG that worked for one of them. thank you!!",
        "C: could --clean at least ask for confirmation when the folder isn't empty of "
        "source files?",
        "juni>: working on it: 0.9.3 refuses to clean when output_dir contains lumen.toml or "
        "is an ancestor of the project, and it only deletes files listed in the last build's "
        "manifest",
        "gravelroad: that sounds great. and sorry for the panic post",
        "quill>: please don't apologise, this is on us",
    ]),
    ("t:clean", "3 10:20", [
        "A: same thing here yesterday with `output_dir = \"\"` (empty string) 😬 lost my "
        "custom theme. lesson learned about committing",
        "B>: empty string means current dir, same bug. #405",
        "C: can we get this pinned somewhere? seems like a lot of people hit it",
        "reed>: pinned in #general 👍",
    ]),
    ("help", "2 17:45", [
        "dustjacket: uh, `lumen build --clean` just deleted my templates folder??",
        "reed>: is your output_dir `.` or a parent folder? see "
        "https://github.com/lumen-dev/lumen/issues/405 and the forum post, don't run --clean "
        "again until 0.9.3",
        "dustjacket>: it was `./`. ugh. at least it's in git",
    ]),
    ("general", "2 19:10", [
        "reed: ⚠️ PSA: do NOT run `lumen build --clean` if `output_dir` in lumen.toml is "
        "`.`, `./`, empty, or a parent folder: it deletes your sources (#405). Fix lands in "
        "0.9.3. Use a dedicated folder like `public` or `docs`. [[pin]]",
        "A>: yikes, good to know",
        "B>: checking all my sites right now",
    ]),
    ("general", "3 13:15", [
        "A: that --clean bug is scary, glad I use git for everything",
        "B>: git users: 😎  people with drafts in Dropbox: 😰",
    ]),

    # --- 0.9.2 template include regression (#415) --------------------------------------
    ("help", "1 10:53", [
        "lowpoly_lu: after `pip install -U lumen-ssg` my templates break:\n" + TRACE_INCLUDE
        + "\nworked on 0.9.1. the include is `{% include \"./partials/nav.html\" %}`",
        "moss>: looks like a regression from the new template loader. can you open an issue?",
        "lowpoly_lu>: https://github.com/lumen-dev/lumen/issues/415 [[wait:3]]",
        "moss>: thanks 🙏 workaround: use paths relative to templates/, e.g. `{% include "
        "\"partials/nav.html\" %}`, that works on both versions",
    ]),
    ("t:include", "1 16:05", [
        "brambleworks: After upgrading to 0.9.2 my theme (lumen-theme-paper, uses relative "
        "includes everywhere) fails with `TemplateNotFound: ../partials/footer.html`. 0.9.1 "
        "was fine. Is relative include syntax deprecated now?",
        "A>: not deprecated, it's a regression: #415 "
        "https://github.com/lumen-dev/lumen/issues/415",
        "brambleworks>: ah thanks. I'll switch the theme to root-relative includes, that's "
        "cleaner anyway",
        "B: same with `{% extends \"../base.html\" %}` btw, not only include",
        "C: pinned 0.9.1 until it's fixed",
        "brambleworks: released lumen-theme-paper 2.3.1 with root-relative paths, works on "
        "0.9.1 and 0.9.2 [[wait:300]]",
        "D>: updated, works, thanks!",
    ]),
    ("help", "2 14:30", [
        "A: relative includes stopped working in 0.9.2? `{% include \"../partials/footer.html\" "
        "%}` → TemplateNotFound",
        "B>: regression, #415. use `{% include \"partials/footer.html\" %}` instead",
    ]),
    ("help", "3 16:22", [
        "A: TemplateNotFound on every page after updating, didn't change anything",
        "B>: relative include? that's the 0.9.2 regression",
        "A>: yes `./macros.html`. changed it, works. weird that it broke in a patch release",
        "moss>: agreed, that shouldn't have happened in a patch release. sorry! fix is on "
        "the 0.9.3 list",
    ]),

    # --- known issues pin ---------------------------------------------------------------
    ("help", "2 10:00", [
        "quill: 📌 Known issues in 0.9.2:\n• Windows: `lumen serve` crashes on rebuild "
        "(#412) → use `--no-reload`\n• relative `{% include %}` / `{% extends %}` paths "
        "fail (#415) → use paths relative to templates/\n• static files with spaces in the "
        "path aren't copied (#398) → rename\n• `build --clean` with output_dir `.` deletes "
        "sources (#405) → don't use --clean\n0.9.3 is planned for next week. [[pin]] [[edit]]",
    ]),
]

# ---------------------------------------------------------------- ordinary help
HELP: list[Convo] = [
    ("help", None, [
        "A: how do I deploy to GitHub Pages under a subpath? all my css links point at / "
        "and 404",
        "B>: set `base_url = \"https://you.github.io/repo/\"` in lumen.toml and use `{{ "
        "url_for('css/site.css') }}` instead of hardcoded paths",
        "A>: that was it, thanks!",
    ]),
    ("help", None, [
        "A: what's the netlify build command for lumen? `lumen build` says command not found",
        "B>: add a requirements.txt with `lumen-ssg` and set the Python version in "
        "netlify.toml, then build command `lumen build`, publish dir `public`",
        "A>: works now 🙏",
    ]),
    ("help", None, [
        "A: is there a way to exclude a folder from the build? I keep notes in content/_notes",
        "B>: folders starting with `_` are skipped by default. if it still builds, check "
        "`ignore = [...]` in lumen.toml",
        "A>: oh it was `notes_` lol. renamed, thanks",
    ]),
    ("help", None, [
        "A: my drafts aren't showing when I run lumen serve",
        "B>: that's intended. `lumen serve --drafts` shows them",
        "A>: ahh. rtfm moment, thanks",
    ]),
    ("help", None, [
        "A: can I change the code highlighting theme? the default is too low-contrast for me",
        "B>: not from config yet, there's a feature request: "
        "https://github.com/lumen-dev/lumen/issues/390 . for now override the `.highlight` "
        "css in your theme",
        "A>: ok, css it is. added a 👍 to the issue",
    ]),
    ("help", None, [
        "A: how do I add KaTeX math? `$x^2$` just renders as text",
        "B>: enable the math extension: `[markdown] extensions = [\"math\"]`, then include "
        "katex css/js in your base template. inline math uses `$...$`, display `$$...$$`",
        "A>: 👍 works. my physics notes look so much better",
    ]),
    ("help", None, [
        "A: mermaid diagrams supported?",
        "B>: not built in, but a ```mermaid fenced block + mermaid.js in your template works "
        "fine, I do that",
    ]),
    ("help", None, [
        "A: footnotes render in the wrong order on my long post (10+ notes). 10 comes "
        "after 1?",
        "B>: known, #377 https://github.com/lumen-dev/lumen/issues/377 — sorting is "
        "alphabetical. use named footnotes as a workaround",
        "A>: ah ok, string sort. makes sense, thanks",
    ]),
    ("help", None, [
        "A: sitemap.xml has no <lastmod> for most pages, is that normal?",
        "B>: only pages with an `updated:` field get one right now, "
        "https://github.com/lumen-dev/lumen/issues/401",
    ]),
    ("help", None, [
        "A: any plans for multilingual sites? I need en + de",
        "B>: there's a long discussion in "
        "https://github.com/lumen-dev/lumen/issues/352 — people currently do two content "
        "folders and two configs",
        "A>: ok, that's doable for now",
    ]),
    ("help", None, [
        "A: builds take ~40s on my 2k-page site every time I touch a partial. is incremental "
        "build a thing?",
        "B>: it is, but partials invalidate everything right now, see #388",
        "C: same on my docs site, ended up splitting it into two lumen projects",
    ]),
    ("help", None, [
        "A: `lumen new mysite` prints a DeprecationWarning about datetime.utcnow on Python "
        "3.12, should I worry?",
        "B>: harmless, it's #409. it'll be cleaned up",
    ]),
    ("help", None, [
        "A: the docs search finds nothing for `base-url` or `live-reload`?",
        "B>: hyphens break the search index, #395. search `base url` without the dash",
    ]),
    ("help", None, [
        "A: lumen serve gives me a huge traceback with 'Address already in use'",
        "B>: which version? that got a friendly error message in 0.9.1 (#371). on older "
        "versions: `lumen serve --port 8001`",
        "A>: 0.8.4 lol, time to upgrade",
    ]),
    ("help", None, [
        "A: my draft got published?! I have `draft: true` in the front matter",
        "B>: are you on 0.9.0? that was a bug (#384), fixed in 0.9.1",
        "A>: yep 0.9.0. upgrading, thanks",
    ]),
    ("help", None, [
        "A: on windows my front matter shows up as text at the top of the page",
        "B>: CRLF line endings, fixed in 0.9.1 (#379). or set your editor to LF",
    ]),
    ("help", None, [
        "A: how do I get a list of posts by tag?",
        "B>: `site.tags['python']` in a template gives you the pages. there's a tags page "
        "example in the docs: https://lumen-dev.github.io/lumen/guide/taxonomies/",
        "A>: perfect",
    ]),
    ("help", None, [
        "A: can I use environment variables in lumen.toml? want to keep my analytics id out "
        "of git",
        "B>: yes, `analytics_id = \"${ANALYTICS_ID}\"` gets expanded at build time",
        "A>: nice, didn't know that",
    ]),
    ("help", None, [
        "A: css changes don't show up on the deployed site until people hard refresh",
        "B>: use `{{ url_for('css/site.css', hash=True) }}`, it adds a content hash to the "
        "filename",
    ]),
    ("help", None, [
        "A: is Python 3.10 still supported?",
        "B>: 0.9.x needs 3.11+. 0.8.4 was the last with 3.10",
    ]),
    ("help", None, [
        "A: installed with pipx but `lumen` isn't found",
        "B>: run `pipx ensurepath` and open a new terminal",
        "A>: that did it",
    ]),
    ("help", None, [
        "A: how do I paginate the blog index? 120 posts on one page is a lot",
        "B>: in the index front matter: `paginate: {by: 10, source: posts}`, then "
        "`paginator.pages` in the template",
        "A: `{% for page in paginator.pages %}` like this?",
        "B>: yep, and `paginator.next_url` / `prev_url` for the links",
        "A: works, thank you!",
    ]),
    ("help", None, [
        "A: can I write my own jinja filter? want a `reading_time` filter",
        "B>: put a `lumen_plugins.py` next to lumen.toml:\n```python\nfrom lumen import "
        "plugin\n\n@plugin.filter\ndef reading_time(text: str) -> int:\n    return "
        "max(1, len(text.split()) // 220)\n```",
        "A>: oh that's neat",
    ]),
    ("help", None, [
        "A: migrating from jekyll, is there an importer?",
        "B>: `lumen import jekyll path/to/site` converts front matter and permalinks. "
        "liquid templates you have to port by hand",
        "C: did this last month, took me an evening for a small blog",
    ]),
    ("help", None, [
        "A: tailwind + lumen, anyone? where do I run the tailwind cli",
        "B>: I run `npx tailwindcss -i src/site.css -o static/css/site.css --watch` next "
        "to `lumen serve`, lumen picks up the output",
    ]),
    ("help", None, [
        "A: slugs: how do I get `/2026/11/my-post/` urls from `2026-11-18-my-post.md`?",
        "B>: `permalink = \"/{year}/{month}/{slug}/\"` under [posts] in lumen.toml",
    ]),
    ("help", None, [
        "A: yaml or toml front matter, which one does lumen prefer?",
        "B>: both work. `---` is yaml, `+++` is toml",
    ]),
    ("help", None, [
        "A: github actions workflow for lumen anyone? mine fails at `pip install`",
        "B>: this is what I use:\n```yaml\n- uses: actions/setup-python@v5\n  with:\n    "
        "python-version: \"3.12\"\n- run: pip install lumen-ssg\n- run: lumen build\n```",
        "A: worked, I was on python 3.9 in the runner 🙃",
    ]),
    ("help", None, [
        "A: how can I make thumbnails for my gallery?",
        "B>: `{{ image('photo.jpg').resize(400) }}` in a template, they're cached in .lumen-cache",
    ]),
    ("help", None, [
        "A: !faq windows",
        "helper>: **Windows tips** • use a venv or pipx • avoid spaces in your project path "
        "(#398) • 0.9.2: `lumen serve --no-reload` until 0.9.3 (#412) • more: "
        "https://lumen-dev.github.io/lumen/guide/windows/",
    ]),
    ("help", None, [
        "A: !docs config",
        "helper>: 📖 Configuration reference: "
        "https://lumen-dev.github.io/lumen/reference/config/",
    ]),
    ("help", None, [
        "A: !docs deploy",
        "helper>: 📖 Deploying (GitHub Pages, Netlify, Cloudflare Pages, plain rsync): "
        "https://lumen-dev.github.io/lumen/guide/deploy/",
    ]),
    ("t:404", "1 19:40", [
        "pebble.dev: How do I add a custom 404 page? I created content/404.md but it ends up "
        "at /404/index.html and GitHub Pages wants /404.html",
        "A>: add `permalink: /404.html` to the front matter of 404.md",
        "pebble.dev>: that puts it at the right place 🎉 but the css is broken on nested "
        "urls",
        "B>: use absolute urls in the template (`{{ url_for(...) }}`), the 404 page is "
        "served from whatever path was requested",
        "pebble.dev: fixed! thank you both",
        "C: netlify picks up /404.html the same way btw",
        "D: bookmarking this thread",
    ]),
    ("t:404", "3 15:10", [
        "A: does `lumen serve` show the custom 404 too? I only get the default one locally",
        "juni>: yes if the file is at /404.html, since 0.9.0",
        "A>: ahh mine is still 404/index.html, thanks",
    ]),
]

# ---------------------------------------------------------------- general chat
GENERAL: list[Convo] = [
    ("general", "1 06:58", [
        "A: gm ☀️", "B: gm", "C: morning folks",
    ]),
    ("general", "1 12:10", [
        "A: 0.9.2's image pipeline is 💯, my photo blog builds in half the time",
        "B>: same, went from 11s to 6s",
        "C: except on windows 😬",
        "A>: yeah saw that, rough",
    ]),
    ("general", None, [
        "A: hi everyone, just found lumen through a blog post, looks really nice",
        "B>: welcome! #help if you get stuck, people are friendly",
        "A>: thanks 👋",
    ]),
    ("general", None, [
        "A: what's everyone building this weekend?",
        "B>: a recipe site for my family, grandma's handwriting scanned in",
        "C>: rewriting my CV site for the 4th time this year",
        "D>: nothing, I'm sleeping",
        "A: all valid",
    ]),
    ("general", None, [
        "A: the new docs layout is so much better, whoever did the sidebar: thank you",
        "juni>: 🙈 that was me, glad you like it",
    ]),
    ("general", None, [
        "A: honest question: why lumen over hugo? not trolling, I use hugo at work",
        "B>: for me: python + jinja. I can write a plugin in 5 minutes without learning go "
        "templates",
        "C>: hugo is faster, no contest. but lumen is pleasant and the community is tiny and "
        "nice",
        "A: fair. jinja is a strong argument",
    ]),
    ("general", None, [
        "A: anyone else running lumen on a raspberry pi? build takes a while but it works",
        "B>: pi 4 here, ~25s for my blog. fine for a cron job",
    ]),
    ("general", None, [
        "A: is there a roadmap somewhere?",
        "quill>: GitHub milestones are the closest thing: 0.9.3 is bug fixes, 1.0 is plugin "
        "API + i18n. we'll write a proper post after 0.9.3",
    ]),
    ("general", None, [
        "A: I gave a lightning talk about lumen at our local meetup yesterday, people "
        "liked it",
        "B>: nice!! slides?",
        "A>: built with lumen of course 😄 will post in #showcase",
    ]),
    ("general", None, [
        "A: has anyone tried lumen with python 3.14?",
        "B>: works for me, the only thing is a warning from a markdown extension",
        "tanuki>: we added 3.14 to CI last week, should be fine",
    ]),
    ("general", None, [
        "A: thank you to the maintainers btw. I know this week is rough with the 0.9.2 bugs, "
        "but the response has been great",
        "quill>: ❤️ that means a lot, thanks",
        "B: +1",
    ]),
    ("general", None, [
        "A: dark mode toggle in the default theme when",
        "B>: there's a PR for that I think? or was it just talk",
        "juni>: just talk so far, go for it if you want 😉",
    ]),
    ("general", "4 09:30", [
        "A: saturday morning, coffee, fixing my blog's css. life is good",
        "B>: same except tea",
    ]),
    ("general", None, [
        "A: lumen sticker when 👀",
        "B>: I'd buy a hoodie tbh",
        "quill>: we've talked about it… maybe for 1.0",
    ]),
    ("general", None, [
        "A: is the discord the main place for help or should I use github discussions?",
        "reed>: both are fine. bugs → GitHub issues please, questions → here or discussions",
    ]),
    ("general", None, [
        "A: has anyone benchmarked lumen vs mkdocs for docs sites?",
        "B>: not formally. mkdocs has way better docs-specific stuff (search, nav). lumen is "
        "nicer if your docs are also a blog",
    ]),
    ("general", "1 16:20", ["jobs: 📢 HIRING! Remote Python/Django developers wanted, $45-90/hr, "
                            "flexible hours, no interview needed, paid weekly. Reply or contact "
                            "me on Telegram @talent_hq_recruiter"]),
    ("help", "1 16:22", ["jobs: We are hiring python devs (remote, $45-90 per hour, no "
                         "experience needed). Telegram: @talent_hq_recruiter, start this week!"]),
    ("general", "1 16:31", ["A: that hiring post is 100% a scam btw", "reed>: yep, removed the "
                            "account. thanks for the report"]),
]

# ---------------------------------------------------------------- dev
DEV: list[Convo] = [
    ("dev", "1 09:10", [
        "moss: morning. 0.9.2 is out since yesterday and the Windows serve thing is already "
        "biting people. I'll look at it first",
        "juni>: I can take the include regression if someone confirms it's the new loader",
        "moss>: it is, `FileSystemLoader` no longer gets the page's dir as a search path",
    ]),
    ("dev", None, [
        "A: working on #388 (incremental builds). idea: track which templates each page "
        "used during render and only re-render those. thoughts?",
        "quill>: yes please. the render context already knows the loaded templates, hook "
        "into `Environment.get_template`",
        "A>: 👍 draft PR by the weekend",
    ]),
    ("dev", None, [
        "bytewren: CI is flaky on the windows runner again, test_watch_debounce timed out",
        "tanuki>: that test sleeps 0.2s and hopes. I'll replace it with an event",
    ]),
    ("dev", None, [
        "A: are we ok with adding `tomli-w` as a dependency for `lumen config set`?",
        "moss>: it's tiny and pure python, fine by me",
        "quill>: 👍",
    ]),
    ("dev", None, [
        "lichen_lab: mypy --strict passes on lumen.render now 🎉 next: lumen.server",
        "juni>: nice! server is going to hurt, lots of untyped socket code",
        "lichen_lab>: that's why I saved it for last 😅",
    ]),
    ("dev", None, [
        "tangent.space: proposal for the plugin API: plugins register hooks by name "
        "(`pre_render`, `post_build`…) and get a typed context object. writing an RFC in "
        "discussions",
        "quill>: love it. please include how plugins declare their config schema",
    ]),
    ("dev", None, [
        "A: ruff just flagged 40 `B008` in the CLI. ignore in config or fix?",
        "moss>: those are click defaults, ignore for that module",
    ]),
    ("dev", "2 11:30", ["stars: Selling GitHub stars & followers 🌟 1000 stars for $25, "
                        "boost your repo ranking fast, DM for price list"]),
    ("dev", "2 11:45", ["A: lol, stars spam in #dev of all places", "reed>: gone"]),
    ("dev", "3 12:05", [
        "tanuki: opened https://github.com/lumen-dev/lumen/pull/417 for the spaces-in-paths "
        "bug (#398). could someone on Windows review?",
        "bytewren>: on it after lunch",
        "bytewren: tested on win11, `C:\\Users\\me\\My Site` + `static/summer trip/` both "
        "copy fine now. left two nits [[wait:150]]",
        "tanuki>: thanks! fixed",
    ]),
    ("dev", "2 16:10", [
        "juni: #405 plan: 1) refuse `--clean` when output_dir contains lumen.toml or is an "
        "ancestor of the project 2) write a build manifest and only delete files from it. "
        "objections?",
        "quill>: do both. and make the error message tell people what to set instead",
        "moss>: +1, also refuse empty string explicitly",
    ]),
    ("dev", None, [
        "A: the docs search hyphen bug (#395) is in the tokenizer of the search index "
        "builder, it splits on `-` when indexing but not when querying",
        "juni>: good find! PR welcome, it's a good first issue",
    ]),
    ("t:release", "2 17:00", [
        "quill: Planning 0.9.3 here. Must-haves so far:\n• #412 Windows live reload (PR "
        "#416 by moss)\n• #415 relative includes (juni)\n• #405 --clean safety (juni)\n• "
        "#398 spaces in asset paths (tanuki)\n• a private security fix for the dev server "
        "(advisory draft exists)\nAnything else?",
        "moss>: the feed timezone thing from the forum, if someone files an issue in time",
        "juni: #409 utcnow warnings are a 2-line fix, can sneak in",
        "quill: ok. target: tuesday. I'll do the changelog",
    ]),
    ("t:release", "3 10:00", [
        "moss: #416 is ready, three Windows users confirmed in the thread",
        "juni: include fix is up too, needs a review",
        "quill>: reviewing both this afternoon",
        "tanuki: #417 reviewed by bytewren, merging after CI",
    ]),
    ("t:release", "3 17:45", [
        "juni: --clean PR: manifest-based deletion works, tests added, but the ancestor check "
        "on windows needs `os.path.samefile` because of case-insensitive paths",
        "moss>: good catch. and symlinks, use resolve()",
        "quill: security fix is ready in the private fork. I'll merge it last so the "
        "advisory and release go out together",
    ]),
    ("t:release", "4 11:20", [
        "quill: status: 4/5 merged, --clean PR in review. still no issue for the feed dates, "
        "so that's probably 0.9.4",
        "moss>: fine by me. changelog draft looks good",
        "juni: I'll finish the --clean review comments tonight",
    ]),
]

# ---------------------------------------------------------------- showcase
SHOWCASE: list[Convo] = [
    ("showcase", None, [
        "A: finally moved my photography portfolio from squarespace to lumen 📷 "
        "https://example.com/~ana-photos [[img:portfolio-home.png]]",
        "B>: the grid layout is gorgeous", "C>: how did you do the lightbox?",
        "A>: ~40 lines of vanilla js, happy to share",
    ]),
    ("showcase", None, [
        "A: made a recipe site for my family, every recipe is a markdown file and tags are "
        "ingredients [[img:recipes.png]]",
        "B>: tags as ingredients is genius", "C>: 😋",
    ]),
    ("showcase", None, [
        "A: our research group site is now lumen + github actions, publications list is "
        "generated from a .bib file with a small plugin [[img:lab-site.png]]",
        "B>: bib plugin is open source? I want that",
        "A>: will publish it on pypi next week",
    ]),
    ("showcase", None, [
        "A: a tiny zine about city trees 🌳 each issue is a lumen section, print css for "
        "the paper version [[img:zine-cover.jpg]]",
        "B>: print css!! respect", "C>: love this",
    ]),
    ("showcase", None, [
        "A: slides from my meetup talk, built with lumen + a reveal.js template "
        "[[img:slides.png]]",
        "B>: nice, is the template on github?",
        "A>: yep, lumen-reveal-template on my profile",
    ]),
    ("showcase", None, [
        "A: D&D campaign wiki for my group, backlinks between NPC pages via a plugin "
        "[[img:campaign-wiki.png]]",
        "B>: the backlinks are so cool", "C>: nerd. (respectfully, same)",
    ]),
    ("showcase", None, [
        "A: knitting pattern library 🧶 each pattern has a size calculator written in "
        "~30 lines of js [[img:patterns.png]]",
        "B>: my mom would love this",
    ]),
    ("showcase", None, [
        "A: docs for my CLI tool, switched from mkdocs. took one evening "
        "[[img:cli-docs.png]]",
        "B>: looks clean! dark mode?", "A>: prefers-color-scheme, no toggle yet",
    ]),
    ("showcase", None, [
        "A: wedding website done 💍 RSVP form goes to a google form, everything else is "
        "static [[img:wedding.jpg]]",
        "B>: congrats!!", "C>: congratulations 🎉", "D>: beautiful",
    ]),
    ("showcase", None, [
        "A: my band's page, tour dates come from a csv file [[img:band.png]]",
        "B>: the csv → page trick is great",
    ]),
    ("showcase", None, [
        "A: built a theme: lumen-theme-terminal, looks like an 80s terminal 💚 "
        "[[img:terminal-theme.gif]]",
        "B>: OH NO I love it", "C>: the blinking cursor 😂", "D>: installing this right now",
    ]),
    ("showcase", None, [
        "A: conference site for a small regional python event, schedule is generated from "
        "yaml [[img:conf-schedule.png]]",
        "B>: nice! the schedule grid is really readable",
    ]),
    ("showcase", "3 18:00", [
        "A: gallery site for my watercolors, had to rename all my folders because of #398 "
        "lol but it's live [[img:watercolors.jpg]]",
        "B>: these are beautiful", "C>: the blue one!!",
    ]),
    ("showcase", None, [
        "A: personal homepage, 4kb total, no js [[img:homepage.png]]",
        "B>: 4kb 😮", "C>: the web we lost",
    ]),
    ("showcase", None, [
        "A: changelog site for our product, each release note is a markdown file, rss for "
        "customers [[img:changelog.png]]",
        "B>: (hope you're west of UTC, the feed dates thing 😅) [[after:2 11:00]]",
        "A>: lol we're in Chicago, it's only a few hours off for us",
    ]),
    ("showcase", None, [
        "A: podcast site with episode pages + rss enclosure plugin 🎙️ [[img:podcast.png]]",
        "B>: rss enclosures in a plugin, nice",
    ]),
]

# ---------------------------------------------------------------- off-topic
OFFTOPIC: list[Convo] = [
    ("off-topic", None, [
        "A: what keyboard are you all using? I need a new one",
        "B>: split keyboard, changed my life (and my typing speed, for 2 weeks)",
        "C>: whatever came with the laptop 🙃",
        "D>: a 20-year-old model M, the neighbours hate me",
    ]),
    ("off-topic", None, [
        "A: coffee or tea", "B>: coffee", "C>: tea", "D>: mate", "A: chaos",
    ]),
    ("off-topic", None, [
        "A: advent of code in two weeks, who's in?",
        "B>: me, in python again", "C>: trying rust this year. will quit by day 8",
        "A: we should make a leaderboard",
    ]),
    ("off-topic", None, [
        "A: it's snowing here for the first time this year ❄️",
        "B>: 24°C here 😎", "A>: rude",
    ]),
    ("off-topic", None, [
        "A: my cat just walked over the keyboard and pushed a commit",
        "B>: what was the commit message", "A>: `gggggggggggggg`",
        "C>: better than most of mine",
    ]),
    ("off-topic", None, [
        "A: anyone reading something good? I need a non-tech book",
        "B>: 'The Overstory'? long but wonderful", "C>: any ursula le guin",
        "A: noted both, thanks",
    ]),
    ("off-topic", None, [
        "A: standing desk people: worth it?",
        "B>: I stand like 20 min a day. expensive shelf",
        "C>: worth it for my back, but only with a mat",
    ]),
    ("off-topic", None, [
        "A: what are you all listening to while coding?",
        "B>: lofi, the cliché", "C>: film soundtracks", "D>: silence and suffering",
    ]),
    ("off-topic", None, [
        "A: timezones are a mistake and I'd like to speak to the manager",
        "B>: are you the RSS date person", "A>: no but I feel their pain",
    ]),
    ("off-topic", None, [
        "A: baked bread for the first time 🍞 [[img:bread.jpg]]",
        "B>: that crumb looks great", "C>: sourdough?", "A>: yeast, baby steps",
    ]),
    ("off-topic", None, [
        "A: vim or emacs (I'm looking for a fight)",
        "B>: nano", "C>: VS Code like a normal person", "A: cowards",
    ]),
    ("off-topic", None, [
        "A: playing anything good this weekend?",
        "B>: outer wilds, finally", "C>: factorio. don't ask how many hours",
        "D>: board games with family",
    ]),
    ("off-topic", None, [
        "A: my plant survived a whole month 🪴", "B>: proud of you", "C>: what's your secret",
        "A: forgetting it exists",
    ]),
    ("off-topic", None, [
        "A: first day at a new job tomorrow 😬", "B>: good luck!!", "C>: you'll do great",
        "A: thanks all 🙏",
    ]),
    ("off-topic", None, [
        "A: hot take: yaml was a mistake", "B>: lukewarm take", "C>: toml gang",
    ]),
    ("off-topic", None, [
        "A: anyone else's github notifications completely broken today or just mine",
        "B>: mine are fine, did you touch the filters?", "A>: …I did. never mind",
    ]),
    ("off-topic", "4 05:41", ["steam: @everyone I'm leaving steam and giving away my $50 gift "
                              "card to whoever grabs it first 🎮 "
                              "steamcommunnity.com/gift-card/pay/50"]),
    ("general", "4 05:43", ["steam: @everyone free $50 steam gift for the first person -> "
                            "https://steamcommunitty.com/gift/activation/50 🎁"]),
    ("general", "4 07:58", ["A: lol someone tried the @everyone steam thing this morning",
                            "B>: it didn't ping anyone at least",
                            "reed>: @everyone is disabled for new accounts, banned 👍"]),
]

# ---------------------------------------------------------------- spam waves
# compromised long-time member, 5 channels within a minute: (channel, "d hh:mm:ss", text)
NITRO_WAVE: list[tuple[str, str, str]] = [
    ("general", "2 03:12:04", "@everyone Discord is giving away 3 months of Nitro to "
     "celebrate the holidays 🎁 claim before it runs out: https://dlscord-gift.com/nitro-claim"),
    ("help", "2 03:12:19", "Free Nitro for 3 months from Discord x Steam, just log in with "
     "discord to claim 👉 https://dlscord-gift.com/claim?id=88213"),
    ("showcase", "2 03:12:33", "hey guys I got free nitro links, only works for the first "
     "500 people https://dlscord-gifts.com/free"),
    ("off-topic", "2 03:12:47", "who wants free nitro lol it actually works "
     "https://dlscord-gift.com/nitro"),
    ("dev", "2 03:13:01", "3 months of Nitro free, limited offer, claim here: "
     "https://discorcl-gift.com/nitro-claim"),
]
NITRO_AFTER: list[Convo] = [
    ("general", "2 07:40", [
        "reed: Heads up: {@pixelfern}'s account was compromised overnight and posted fake "
        "Nitro links in several channels. Don't click them. Their roles are removed until "
        "the account is secured.",
        "A>: I almost clicked it at 3am lol, thanks",
    ]),
    ("general", "2 19:55", [
        "pixelfern: sorry everyone 🤦 my account got hijacked through a fake 'game tester' "
        "DM. changed password, enabled 2FA, logged out everywhere",
        "reed>: welcome back, roles restored",
        "A>: happens to the best of us",
    ]),
]
# a ring of three fresh accounts, reworded copies of one pitch
RING_WAVE: list[tuple[str, str, str, str]] = [
    ("kairo", "general", "3 14:02:10", "I'll help 10 people earn $30k within 72 hours in the "
     "crypto market, but you'll pay me 10% of your profit when you receive it. Only "
     "interested people should send me a friend request or DM. Ask me HOW 👇"),
    ("kairo", "off-topic", "3 14:03:02", "I will help 10 individuals earn $30,000 in just 72 "
     "hours from crypto, you reimburse 10% of your profit once you receive it. DM me to "
     "know HOW"),
    ("vela", "help", "3 14:06:41", "I'm going to teach 10 lucky people how to earn over "
     "$30,000 in just 72 hours in the crypto market. After you get your profit you pay me "
     "10%. DM me if interested 📈"),
    ("vela", "showcase", "3 14:07:15", "Teaching 10 people how to make $30k in 72hrs "
     "(crypto). 10% of profit after you get paid. Serious people only, DM"),
    ("mira", "general", "3 14:11:58", "Only 10 people!! Learn how to make $30k in 3 days "
     "trading crypto, I take 10% only when you get paid. Message me directly 💰"),
    ("mira", "dev", "3 14:12:30", "Helping 10 people earn $30k+ in 72 hours, you only pay "
     "10% after profit. DM me now, limited spots"),
    ("kairo", "help", "3 14:15:44", "Who wants to earn $30k in 72 hours? I'll guide the "
     "first 10 people. 10% of profit after. Send me a DM"),
]
RING_AFTER: list[Convo] = [
    ("general", "3 14:13", ["A: 🚩 scam ring, three new accounts posting the same thing",
                            "B>: mods?"]),
    ("general", "3 14:21", ["reed: banned all three, thanks for the reports 🙏",
                            "A>: fast!"]),
]
INVITE_WAVE: list[tuple[str, str, str]] = [
    ("general", "3 20:10:31", "🚀 Join the #1 FREE crypto signals server, 90% win rate, "
     "daily giveaways: discord.gg/alph4calls"),
    ("off-topic", "3 20:10:58", "free signals + giveaways every day in discord.gg/alph4calls "
     "🔥 join before it's private"),
]
SINGLE_SPAM: list[tuple[str, str, str, str]] = [
    ("essay", "help", "4 16:05", "Need help with assignments? Professional essay writing & "
     "coding homework help, affordable prices, fast delivery. DM me"),
]

# ---------------------------------------------------------------- one-liners (filler)
SINGLES: dict[str, list[str]] = {
    "general": [
        "gm", "gm all ☀️", "morning!", "evening from Lisbon 👋", "happy friday!", "hello hello",
        "gn everyone", "back from vacation, what did I miss", "good morning from Seoul",
        "TIL lumen has a `lumen doctor` command", "the changelog for 0.9.2 is a good read",
        "who else is procrastinating by redesigning their blog", "finally wrote my first post "
        "in 2 years", "does anyone have a good minimal theme to recommend?",
        "lumen is the first ssg I actually enjoy", "brb, coffee", "lol", "haha",
        "fair enough", "agreed", "same", "ty!", "thanks!", "nice", "💯", "👀",
        "love how small the config is", "`lumen new` + 10 minutes = blog. nice",
        "anyone going to a python conference next year?", "how's everyone's week going",
        "I keep coming back to this server just to read the showcase channel",
        "my blog has 3 readers and I love all of them", "hi! long-time lurker, first post",
        "writing a post about migrating to lumen, will share when done",
        "good night from Auckland 🌙", "it's so quiet here on weekends",
        "is the server always this active? nice community",
        "hello from Nairobi 👋", "hi all, new here", "the docs are really good btw",
        "made my first PR to lumen today, small docs fix but still 😊",
        "👋", "o/", "heya", "yo", "what a week", "weekend!!", "ok that's it for today, bye",
    ],
    "help": [
        "how do I change the date format on the post list?", "is there a dark mode for the "
        "default theme?", "can lumen generate an opengraph image per post?", "where does "
        "lumen look for plugins?", "does lumen support reStructuredText?", "how do I add a "
        "favicon?", "can I have two blogs in one site?", "how do I add comments to posts?",
        "is there a way to see which template rendered a page?", "can I set a custom "
        "output filename for one page?", "how do I add google analytics? or better, "
        "something privacy-friendly", "is there an `lumen clean` without deleting sources? "
        "(asking because of the PSA lol)", "can shortcodes take arguments?",
        "any way to make the build fail on broken internal links?", "thanks!",
        "thank you so much", "that fixed it 🙏", "got it working, thanks all",
        "never mind, typo in my config 🤦", "ah ok makes sense", "ty", "will try that",
        "hmm still the same", "which lumen version are you on?", "can you paste your "
        "lumen.toml?", "what does `lumen doctor` say?", "try `lumen build -v`, it prints "
        "where it looks for templates", "restart serve after changing lumen.toml, it's "
        "not watched", "that's a jinja thing, not lumen, check the jinja docs on scoping",
        "is there a way to set the language attribute on <html>?",
        "how do I make a page not show up in the sitemap?", "can I use scss?",
        "does `lumen serve` support https locally?", "what's the difference between "
        "`static/` and `assets/`?", "can I set default front matter for a folder?",
    ],
    "dev": [
        "merged, thanks!", "lgtm 👍", "rebased on main", "CI green now", "left a review",
        "I'll take a look tonight", "nice refactor", "can we squash that one?",
        "opened a draft PR, early feedback welcome", "docs preview build is up",
        "should we pin jinja <4 already?", "test suite runs in 41s locally now",
        "coverage at 87% 🎉", "typo fix PR is up", "anyone mind if I bump ruff?",
        "I'm out tomorrow, back monday", "reviewing #417 now [[after:3 12:10]]",
        "the windows runner is sooo slow", "benchmark script is in `bench/`",
    ],
    "showcase": [
        "these are all so good", "saving this channel for inspiration", "wow", "so clean",
        "love it", "🔥", "beautiful work", "how long did that take?", "source on github?",
        "what theme is that?", "the typography 🤌",
    ],
    "off-topic": [
        "lol", "same", "😂", "mood", "it's friday somewhere", "brb lunch", "rain again 🌧️",
        "my coffee is cold and so is my heart", "monday energy on a thursday",
        "just adopted a cat 🐈", "anyone watching the football tonight?", "happy weekend",
        "that's cursed", "bold move", "I need a vacation", "sleep is for the weak (I am "
        "weak)", "weekend plans: nothing, and I'm excited", "omg", "true", "relatable",
        "gn", "yes", "no", "maybe", "🙃", "same tbh", "hahaha", "that's so good",
    ],
}
THREAD_SINGLES: dict[str, list[str]] = {
    "t:winserve": [
        "same here, win11 + 3.12 + pip", "+1 on 0.9.2, windows 10", "can confirm, win11, "
        "python 3.11.9", "crashes for me too, --no-reload works", "same crash with conda",
        "windows 11 24H2, python 3.13, pipx: same", "👀 following", "+1, also happens with "
        "`lumen serve --open`", "same, the 10038 thing", "same on my work laptop, win10",
    ],
    "t:spaces": ["+1", "same here on macOS", "subscribed", "also breaks with tabs in "
                 "filenames apparently lol"],
    "t:rss": ["following", "same here, Europe/Madrid", "+1, Pacific/Auckland, whole day off"],
    "t:clean": ["😱", "this is terrifying, checking my config", "+1 for confirmation prompt"],
    "t:include": ["same", "+1, 0.9.2 broke my theme too"],
}
REACT_EMOJI = ["👍", "❤️", "😂", "🎉", "🔥", "👀", "🙏", "✅", "➕", "😅", "💯", "🚀", "😭"]
EMOJI_CODES = {
    "👍": "thumbsup", "❤️": "heart", "😂": "joy", "🎉": "tada", "🔥": "fire", "👀": "eyes",
    "🙏": "pray", "✅": "white_check_mark", "➕": "heavy_plus_sign", "😅": "sweat_smile",
    "💯": "100", "🚀": "rocket", "😭": "sob", "☀️": "sunny", "👋": "wave", "😩": "weary",
    "😬": "grimacing", "🙈": "see_no_evil", "🤦": "person_facepalming", "🙌": "raised_hands",
    "🙃": "upside_down", "🎁": "gift", "👉": "point_right", "📈": "chart_with_upwards_trend",
    "💰": "moneybag", "🚩": "triangular_flag_on_post", "⚠️": "warning", "📌": "pushpin",
    "📷": "camera", "🌳": "deciduous_tree", "💍": "ring", "💚": "green_heart",
    "😮": "open_mouth", "🎙️": "microphone2", "❄️": "snowflake", "😎": "sunglasses",
    "🍞": "bread", "🪴": "potted_plant", "🌧️": "cloud_rain", "🐈": "cat2", "🤌":
    "pinched_fingers", "🌙": "crescent_moon", "😊": "blush", "🎮": "video_game",
    "😋": "yum", "🧶": "yarn", "😄": "smile", "😰": "cold_sweat", "😉": "wink",
    "📢": "loudspeaker", "🌟": "star2", "📖": "book", "🌱": "seedling", "✨": "sparkles",
    "😱": "scream", "🔪": "knife", "👇": "point_down", "😆": "laughing",
    "🙋": "person_raising_hand", "🥹": "face_holding_back_tears", "😍": "heart_eyes",
    "👌": "ok_hand", "🏺": "amphora", "👆": "point_up_2", "☕": "coffee", "🥾": "hiking_boot",
    "🥲": "smiling_face_with_tear", "👏": "clap",
}

# ---------------------------------------------------------------- GitHub issues
# label: (colour, description)
LABELS: dict[str, tuple[str, str | None]] = {
    "bug": ("d73a4a", "Something isn't working"),
    "enhancement": ("a2eeef", "New feature or request"),
    "documentation": ("0075ca", "Improvements or additions to documentation"),
    "good first issue": ("7057ff", "Good for newcomers"),
    "regression": ("b60205", "Worked in a previous release"),
    "data-loss": ("5c0011", "Can destroy user files"),
    "platform: windows": ("1d76db", None),
    "area: serve": ("c5def5", "Dev server and live reload"),
    "area: assets": ("c5def5", "Static files and images"),
    "area: templates": ("c5def5", "Jinja loading and rendering"),
    "area: build": ("c5def5", None),
    "performance": ("fbca04", None),
}
# number, title, author, created, closed (or None), labels, comments, +1s, milestone, body
ISSUES: list[tuple[int, str, str, str, str | None, list[str], int, int, str | None, str]] = [
    (352, "Multilingual sites: per-language content trees", "fernhill-dev",
     "2026-03-14T09:21:40Z", None, ["enhancement"], 23, 31, "1.0",
     "I'd like to build an English + German site from one project.\n\n### Proposal\n"
     "`content/en/`, `content/de/` plus a `[languages]` table in lumen.toml; `page.translations`"
     " in templates; `hreflang` links in the sitemap.\n\nHappy to help implement."),
    (371, "`lumen serve` shows a traceback when the port is already in use", "m0rrow",
     "2026-07-02T18:03:11Z", "2026-09-24T12:40:05Z", ["bug", "area: serve", "good first issue"],
     4, 3, "0.9.1",
     "### Steps to reproduce\n1. run `lumen serve` in two terminals\n\n### Actual\nA 30-line "
     "traceback ending in `OSError: [Errno 98] Address already in use`.\n\n### Expected\nA one-"
     "line error suggesting `--port`."),
    (377, "Footnotes render in the wrong order when a page has more than 9 notes",
     "paper-moth", "2026-08-11T07:45:52Z", None, ["bug"], 3, 5, None,
     "With 10+ footnotes the list at the bottom is ordered 1, 10, 11, 2, 3… Looks like the "
     "ids are sorted as strings.\n\nLumen 0.9.0, Python 3.12."),
    (379, "Front matter with CRLF line endings is rendered as page content", "static-kat",
     "2026-08-19T16:30:27Z", "2026-09-24T12:40:09Z", ["bug", "platform: windows"], 6, 7, "0.9.1",
     "Files saved with Windows line endings (CRLF) are not recognised as having front matter: "
     "the `---` block shows up as text at the top of the page."),
    (384, "Pages with `draft: true` are published by `lumen build` in 0.9.0", "sundial-writes",
     "2026-09-08T21:14:00Z", "2026-09-12T08:02:44Z", ["bug", "regression"], 9, 14, "0.9.1",
     "After upgrading to 0.9.0 my drafts are in public/ and in the feed. 0.8.4 skipped them."),
    (388, "Incremental builds re-render every page when a single partial changes",
     "lanternfish", "2026-09-21T10:09:33Z", None, ["performance", "area: build"], 7, 12, "1.0",
     "On a 2,100-page docs site touching `partials/footer.html` re-renders everything (~40 s)."
     "\n\nIdea: record which templates each page loaded and invalidate only those pages."),
    (390, "Allow choosing the Pygments style for code blocks in lumen.toml", "vantablue",
     "2026-09-30T13:55:18Z", None, ["enhancement"], 2, 9, None,
     "Something like\n```toml\n[markdown.highlight]\nstyle = \"nord\"\n```\nToday the only way "
     "is overriding the generated CSS by hand."),
    (395, "Docs search returns no results for terms with hyphens", "isobar-io",
     "2026-10-14T08:26:41Z", None, ["bug", "documentation", "good first issue"], 1, 2, None,
     "Searching the docs for `base-url` or `live-reload` finds nothing; `base url` works."),
    (398, "Static files are not copied when their path contains spaces", "sleepy-otter",
     "2026-10-29T19:12:07Z", None, ["bug", "area: assets"], 11, 17, "0.9.3",
     "### Steps to reproduce\n1. put `static/My Photos/cat.jpg` in a project\n2. "
     "`lumen build`\n\n### Actual\n```\n[assets] skipped: static/My Photos/cat.jpg (No such "
     "file or directory)\n```\nThe file is missing from `public/`. Same when the project path "
     "itself has a space (common on Windows: `Documents\\My Site`).\n\n### Version\n0.9.1, "
     "also 0.9.2"),
    (401, "sitemap.xml omits <lastmod> for pages without an `updated` field", "rainier-dev",
     "2026-11-03T11:40:29Z", None, ["bug"], 2, 3, None,
     "Only pages with `updated:` in front matter get `<lastmod>`. Falling back to `date` (or "
     "the file mtime) would help search engines."),
    (405, "`lumen build --clean` deletes files outside the output directory when output_dir "
     "is '.' or a parent", "hollowpine", "2026-11-12T22:18:50Z", None,
     ["bug", "data-loss", "area: build"], 8, 21, "0.9.3",
     "With `output_dir = \".\"` (to publish from the repository root), `lumen build --clean` "
     "removed `content/`, `templates/`, `static/` and `lumen.toml`.\n\n`--clean` should "
     "refuse when output_dir contains the project, and should only delete files it wrote."),
    (409, "`lumen new` prints a DeprecationWarning about datetime.utcnow on Python 3.12+",
     "grackle", "2026-11-15T09:02:13Z", None, ["bug", "good first issue"], 1, 2, "0.9.3",
     "```\n$ lumen new blog\n.../lumen/scaffold.py:31: DeprecationWarning: "
     "datetime.datetime.utcnow() is deprecated\n```"),
    (412, "Live-reload server crashes on Windows after 0.9.2: OSError [WinError 10038]",
     "tidepool-dev", "2026-11-18T09:39:58Z", None,
     ["bug", "regression", "platform: windows", "area: serve"], 27, 34, "0.9.3",
     "Since 0.9.2, `lumen serve` crashes as soon as a file changes while a browser tab is "
     "connected.\n\n```\n  File \"...\\lumen\\server\\reload.py\", line 88, in _notify_clients\n"
     "    ready, _, _ = select.select(self._clients, [], [], 0)\nOSError: [WinError 10038] An "
     "operation was attempted on something that is not a socket\n```\n\nWindows 11, Python "
     "3.12.7, Lumen 0.9.2. 0.9.1 works. `--no-reload` avoids it."),
    (415, "0.9.2: relative paths in `{% include %}` / `{% extends %}` raise TemplateNotFound",
     "lowpoly-lu", "2026-11-18T10:59:50Z", None, ["bug", "regression", "area: templates"],
     6, 11, "0.9.3",
     "`{% include \"./partials/nav.html\" %}` worked in 0.9.1; in 0.9.2 it raises "
     "`jinja2.exceptions.TemplateNotFound: ./partials/nav.html`. Root-relative paths "
     "(`partials/nav.html`) still work."),
]
# number, title, author, created, head branch, body  — open pull requests
PULLS: list[tuple[int, str, str, str, str]] = [
    (416, "serve: keep the shutdown signal out of select() on Windows (fixes #412)", "mossbyte",
     "2026-11-20T10:58:21Z",
     "On Windows `select()` only accepts sockets; the shutdown pipe added in 0.9.2 now goes "
     "through a socketpair instead. Adds a Windows CI job that runs a live-reload round trip."
     "\n\nFixes #412"),
    (417, "assets: copy static files whose paths contain spaces or non-ASCII (fixes #398)",
     "tinkertanuki", "2026-11-20T12:03:47Z",
     "Stop quoting paths before `shutil.copy2`; add tests for spaces, `%20` links and "
     "accented names, on Linux and Windows.\n\nFixes #398"),
]

# ---------------------------------------------------------------- CI bot
COMMITS: list[tuple[str, str]] = [  # commit message, author
    ("serve: move the shutdown signal to a socketpair", "mossbyte"),
    ("ci: add a Windows live-reload round trip job", "mossbyte"),
    ("templates: search the page directory again for relative includes", "juniper-log"),
    ("assets: stop quoting paths before copying", "tinkertanuki"),
    ("docs: fix typo in the deploy guide", "bytewren"),
    ("build: refuse --clean when output_dir contains the project", "juniper-log"),
    ("build: write a manifest of generated files", "juniper-log"),
    ("tests: replace sleep in test_watch_debounce with an event", "tinkertanuki"),
    ("chore: bump ruff", "lichen-lab"),
    ("typing: annotate lumen.render", "lichen-lab"),
    ("scaffold: use datetime.now(UTC)", "grackle"),
    ("search: index hyphenated terms as one token", "tangent-space"),
    ("feed: add a test for pubDate formatting", "quillfeather"),
    ("docs: document ${VAR} expansion in lumen.toml", "quillfeather"),
]

# ---------------------------------------------------------------- more conversations
MORE: list[Convo] = [
    # general
    ("general", None, [
        "A: how do you all handle images for your blog? I keep committing 5MB phone photos",
        "B>: `lumen build` resizes if you use the image() helper, but the originals still "
        "live in git. I keep originals in a separate folder outside the repo",
        "C>: git lfs, never looked back",
        "A: lfs sounds like the grown-up answer. thanks",
    ]),
    ("general", None, [
        "A: anyone here use lumen for a company blog? trying to convince my team",
        "B>: we do, ~300 posts, marketing edits markdown in github's web editor",
        "C>: same, the preview deploys on PRs sold it for us",
        "A: preview deploys are a good argument, stealing that",
    ]),
    ("general", None, [
        "A: my first ever PR to an open source project just got merged into lumen 🥹",
        "B>: congrats!!", "C>: welcome to the club 🎉", "quill>: thanks for the fix!",
        "A: ok I'm going to frame this",
    ]),
    ("general", None, [
        "A: where do people host? github pages, netlify, cloudflare?",
        "B>: cloudflare pages, free and fast", "C>: a €4 vps with caddy, old habits",
        "D>: github pages, because I'm lazy", "A: thanks, going with cloudflare I think",
    ]),
    ("general", None, [
        "A: is there a newsletter or blog for lumen releases?",
        "B>: the GitHub releases page has an rss feed, I subscribe to that",
        "A>: oh nice, didn't think of that",
    ]),
    ("general", None, [
        "A: just realised my blog has been building with the wrong base_url for 3 months "
        "and nobody noticed",
        "B>: the true test of readership 😂", "A: my mum noticed. nobody else",
    ]),
    ("general", None, [
        "A: hot take: static sites are the best way to blog in 2026",
        "B>: not even a hot take in this server lol", "C>: preaching to the choir",
    ]),
    ("general", None, [
        "A: do you all write drafts in the repo or somewhere else?",
        "B>: obsidian vault, then copy over", "C>: `draft: true` + a branch per post",
        "D>: notes app on my phone, then cry while formatting",
    ]),
    ("general", None, [
        "A: anyone tried the new `lumen doctor`? it found two broken links and a missing "
        "alt text on my site",
        "B>: it told me my python was too old. rude but correct",
    ]),
    ("general", None, [
        "A: what's the biggest lumen site out there? curious about limits",
        "B>: I think the docs site from #388 has ~2k pages",
        "moss>: we've seen 10k+ page sites. builds get slow but work",
    ]),
    ("general", None, [
        "A: 3am here, can't sleep, so I'm redesigning my blog. again.",
        "B>: the most relatable sentence in this server",
    ]),
    ("general", None, [
        "A: does lumen have telemetry? my company asks",
        "quill>: none at all. nothing phones home",
        "A>: perfect, that's the answer I needed",
    ]),
    ("general", None, [
        "A: friendly reminder to back up your sites 😅 (looking at the --clean thread) "
        "[[after:2 16:00]]",
        "B>: `git push` is my backup strategy", "C>: git push + a prayer",
    ]),
    ("general", None, [
        "A: hi! I'm a designer, not a dev. is lumen usable for someone who only knows "
        "html/css?",
        "B>: yes! templates are basically html with `{{ }}` bits. the quickstart is gentle",
        "C>: I started the same way, ask in #help anytime",
        "A: ok trying it this weekend 😊",
    ]),
    ("general", None, [
        "A: shoutout to whoever wrote the deploy guide, got my site on cloudflare in 10 "
        "minutes",
        "juni>: 🙌 glad it helped",
    ]),
    ("general", None, [
        "A: moving my blog off wordpress finally. 14 years of posts 😬",
        "B>: there's a wordpress export → markdown script in the docs' migration page",
        "A>: oh great, that'll save me a week",
        "C: report back how it goes, I'm in the same boat",
    ]),
    ("general", None, [
        "A: any accessibility folks here? the default theme's focus outlines are a bit faint",
        "juni>: good point, can you open an issue with a screenshot?",
        "A>: sure, will do later today",
    ]),
    ("general", None, [
        "A: anyone else reading the lumen source for fun? the build pipeline is really "
        "readable",
        "B>: the render module is a nice example of how to use jinja properly",
    ]),
    # off-topic
    ("off-topic", None, [
        "A: what's your terminal setup? I'm bored of mine",
        "B>: wezterm + fish", "C>: plain bash, plain prompt. I fear change",
        "D>: kitty, and a prompt that takes 400ms, please don't judge",
    ]),
    ("off-topic", None, [
        "A: just got back from a hike, legs are jelly 🥾",
        "B>: where?", "A>: a ridge near the coast, windy but worth it",
    ]),
    ("off-topic", None, [
        "A: is it normal that my rubber duck has better debugging skills than me",
        "B>: the duck is always right", "C>: the duck knows",
    ]),
    ("off-topic", None, [
        "A: recipe exchange time: what's your go-to lazy dinner",
        "B>: pasta, garlic, chili, olive oil. 10 minutes", "C>: rice + egg + soy sauce",
        "D>: cereal 🙃", "A: D, are you ok",
    ]),
    ("off-topic", None, [
        "A: the printer at work just asked me to update its firmware. the printer.",
        "B>: printers are a plot", "C>: never update the printer. it will know",
    ]),
    ("off-topic", None, [
        "A: anyone learning a language? I'm doing portuguese",
        "B>: japanese, very slowly", "C>: german, the articles are destroying me",
        "A: der/die/das pain is universal",
    ]),
    ("off-topic", None, [
        "A: my laptop fan sounds like a jet engine when I run the test suite",
        "B>: that's just the tests going fast", "C>: free heating for winter",
    ]),
    ("off-topic", None, [
        "A: favourite font for coding?", "B>: jetbrains mono", "C>: iosevka",
        "D>: comic mono and I'm not sorry", "A: D is chaotic good",
    ]),
    ("off-topic", None, [
        "A: is it too early for christmas music", "B>: yes", "C>: no", "D>: it's november",
        "A: so that's a maybe",
    ]),
    ("off-topic", None, [
        "A: what podcasts do you listen to? need something for the commute",
        "B>: anything about history", "C>: I listen to the same two python podcasts on "
        "repeat",
    ]),
    ("off-topic", None, [
        "A: just spent 40 minutes naming a variable", "B>: what did you pick",
        "A>: `data2`", "C>: perfection",
    ]),
    ("off-topic", None, [
        "A: first snow → everyone at my office forgot how to drive",
        "B>: happens every year here too",
    ]),
    ("off-topic", None, [
        "A: my neighbour is learning the trumpet. it's been 3 weeks. no progress",
        "B>: noise-cancelling headphones are a good investment", "C>: support the arts 😂",
    ]),
    ("off-topic", None, [
        "A: light theme users, make yourselves known", "B>: 🙋 in the morning only",
        "C>: light theme in a dark room is a war crime", "A: bold of you",
    ]),
    ("off-topic", None, [
        "A: anyone into film photography? just developed my first roll",
        "B>: yes! what camera?", "A>: an old pentax from my grandpa",
        "B>: great camera. post them in #showcase if you put them on your site",
    ]),
    ("off-topic", None, [
        "A: weekend project idea: a static site for my plants with watering reminders",
        "B>: how do reminders work on a static site", "A>: …good question. cron + email?",
        "C: a static site with a cron job is just a dynamic site with extra steps",
    ]),
    ("off-topic", None, [
        "A: good morning to everyone except the guy who scheduled a 8am meeting",
        "B>: the 8am meeting guy is everywhere",
    ]),
    ("off-topic", None, [
        "A: currently debugging CSS by adding `border: 1px solid red` to everything",
        "B>: the ancient ritual", "C>: outline: 1px solid red, no layout shift 😉",
        "A: wait that's actually smart",
    ]),
    # help
    ("help", None, [
        "A: what's the cleanest way to add a 'last updated' date to pages?",
        "B>: `updated:` in front matter, or `page.file_mtime` if you trust your filesystem",
        "A>: front matter it is, mtime gets weird in CI",
    ]),
    ("help", None, [
        "A: my menu order is random, how do I sort it?",
        "B>: add `weight: 10` etc to the pages and `|sort(attribute='weight')` in the nav",
        "A>: perfect, thanks",
    ]),
    ("help", None, [
        "A: can I use lumen without a theme, just my own templates?",
        "B>: yes, delete the `theme` line and put base.html etc in templates/",
    ]),
    ("help", None, [
        "A: is there a way to render a page from a csv file?",
        "B>: `data/` folder: `data/tours.csv` becomes `site.data.tours` in templates",
        "A>: oh that's nice, exactly what I needed",
    ]),
    ("help", None, [
        "A: favicon not showing on the built site",
        "B>: is it in static/? files in templates/ aren't copied",
        "A>: it was in templates/ 🤦 thanks",
    ]),
    ("help", None, [
        "A: how do I link to another post without hardcoding the url?",
        "B>: `[see this]({{ ref('posts/other-post.md') }})` — ref() fails the build if the "
        "target doesn't exist, which is nice",
    ]),
    ("help", None, [
        "A: reading time per post?",
        "B>: someone posted a tiny plugin filter for that earlier, search 'reading_time'",
    ]),
    ("help", None, [
        "A: my code blocks have no syntax highlighting at all",
        "B>: did you include the highlight css? `{{ highlight_css() }}` in your <head>",
        "A>: that was missing, works now",
    ]),
    ("help", None, [
        "A: `lumen serve` doesn't pick up changes in my data/ folder",
        "B>: which version? data/ is watched since 0.9.0",
        "A>: 0.8.4. ok, upgrading solves half my problems apparently",
    ]),
    ("help", None, [
        "A: how do I make the homepage show only the 5 latest posts?",
        "B>: `{% for post in site.posts|sort(attribute='date', reverse=True)|batch(5)|first %}`"
        " or simpler: `site.posts[:5]` — they're already sorted newest first",
    ]),
    ("help", None, [
        "A: can lumen minify html?",
        "B>: `[build] minify = true`, it uses a small built-in minifier",
    ]),
    ("help", None, [
        "A: getting `UnicodeDecodeError` on one of my posts on windows",
        "B>: file is probably saved as cp1252. re-save as UTF-8 in your editor",
        "A>: that was it, thanks!",
    ]),
    ("help", None, [
        "A: how do I add an rss link to my template?",
        "B>: `<link rel=\"alternate\" type=\"application/rss+xml\" href=\"{{ "
        "url_for('feed.xml') }}\">`",
    ]),
    ("help", None, [
        "A: can I have posts in subfolders by year?",
        "B>: yes, content/posts/2025/…, the folder doesn't change the url unless your "
        "permalink uses it",
    ]),
    # dev
    ("dev", None, [
        "A: question about the test layout: why are fixtures sites under tests/sites and not "
        "generated in tmp?",
        "moss>: they're real-world shaped sites people sent us, easier to debug when they "
        "fail",
    ]),
    ("dev", None, [
        "tangent.space: draft RFC for plugin hooks is up in discussions, feedback welcome",
        "juni>: reading it tonight", "quill>: 👀 great",
    ]),
    ("dev", None, [
        "A: should `lumen doctor` check for the --clean footgun config?",
        "juni>: yes! good idea, warn when output_dir is `.` or a parent",
        "A>: I'll open a PR after 0.9.3 lands",
    ]),
    ("dev", None, [
        "bytewren: docs build is failing on main, broken link to the old config page",
        "juni>: my bad, fixing",
    ]),
    ("dev", None, [
        "A: do we want to support python 3.11 for 1.0 or go 3.12+?",
        "quill>: 3.11 until it's EOL. people on LTS distros need it",
    ]),
    ("dev", None, [
        "lichen_lab: mypy on lumen.server: 63 errors → 4. the remaining 4 are select() typing "
        "on windows 🙃",
        "moss>: ha, #416 touches exactly that code, rebase after it lands",
    ]),
    ("dev", None, [
        "A: proposal: `lumen build --dry-run` that prints what would be written/deleted",
        "juni>: love it, especially after #405. would you write it up as an issue?",
    ]),
    # showcase
    ("showcase", None, [
        "A: my newsletter archive, 150 issues imported from a mailchimp export "
        "[[img:newsletter-archive.png]]",
        "B>: the search is fast!", "A>: lunr.js + a json index generated at build",
    ]),
    ("showcase", None, [
        "A: film photos from the pentax, finally online 📷 [[img:film-roll-01.jpg]]",
        "B>: the grain 😍", "C>: that second one is stunning",
    ]),
    ("showcase", None, [
        "A: little site for our hackerspace, event list from an ical file "
        "[[img:hackerspace.png]]",
        "B>: ical → page is a great idea",
    ]),
]

# ---------------------------------------------------------------- combinable one-liners
GREET_WORDS = ["gm", "morning", "good morning", "hey all", "hi folks", "hello", "hiya",
               "evening all", "good evening", "afternoon everyone", "yo", "o/", "hey hey"]
GREET_TAILS = ["", " ☕", " 👋", " everyone", " from {city}", " from {city} 👋",
               ", happy {weekday}", ", how's everyone"]
CITIES = ["Lisbon", "Seoul", "Nairobi", "Montréal", "Kraków", "Auckland", "Lagos",
          "Bogotá", "Osaka", "Tallinn", "Porto", "Vancouver", "Taipei", "Cape Town",
          "Helsinki", "Manila", "Valencia", "Denver", "Tbilisi", "Hanoi", "Leeds", "Pune"]
STATUS_VERBS = ["finally migrated", "just redesigned", "deployed", "rewrote", "shipped",
                "started", "cleaned up", "moved"]
STATUS_SITES = ["my blog", "my portfolio", "our team docs", "my recipe site",
                "the club website", "my notes site", "my CV page", "the band page",
                "my photo blog", "our meetup site"]
STATUS_TAILS = [" to lumen", " over the weekend", " in one evening", ", feels good",
                " and it's so fast now", " 🎉", ", only broke it twice", " before lunch"]
OFFTOPIC_ONE = [
    "it's {weather} here today", "{food} for lunch, living my best life",
    "anyone else {mood} today", "just finished {media}, highly recommend",
]
OFFTOPIC_FILL = {
    "weather": ["raining", "sunny", "foggy", "freezing", "weirdly warm", "windy"],
    "food": ["ramen", "leftover pizza", "a sad salad", "soup", "tacos", "dumplings"],
    "mood": ["running on coffee", "completely unproductive", "in a great mood",
             "stuck in meetings", "fighting with docker"],
    "media": ["a great sci-fi novel", "that new documentary", "a 40 hour game",
              "a podcast series about lighthouses"],
}

# ---------------------------------------------------------------- recurring topics
# Per channel: (openers, replies). Each opener starts one short conversation and pulls
# one to three replies from its topic; every line is used at most once.
Kit = tuple[list[str], list[str]]
KITS: dict[str, list[Kit]] = {
    "help": [
        (["my css doesn't load on github pages, the html is there but unstyled",
          "links on my gh pages site all point to the domain root instead of /myrepo/",
          "deployed to github pages and every asset 404s. works locally"],
         ["set `base_url` to the full pages url incl. the repo name and use url_for() for "
          "assets", "you're probably hardcoding `/css/...`. use `{{ url_for('css/x.css') }}` "
          "so base_url is applied", "check base_url in lumen.toml, it needs the /repo/ part "
          "and a trailing slash"]),
        (["how do I change the port for lumen serve?", "can lumen serve run on 3000 instead "
          "of 8000?", "port 8000 is taken by another app, how do I move lumen serve?"],
         ["`lumen serve --port 3000`", "`--port`, or `[serve] port = 3000` in lumen.toml",
          "`lumen serve -p 3000` works too"]),
        (["is there a way to add a table of contents to long posts?",
          "TOC for a post? my guides are getting long",
          "can lumen generate a table of contents from headings?"],
         ["`{{ page.toc }}` in the template, it's built from the headings",
          "yes, `page.toc` — and `[markdown] toc_depth = 3` to limit it",
          "page.toc is a list of (level, title, anchor), loop over it however you like"]),
        (["how do I put a custom domain on netlify with lumen?",
          "custom domain + netlify, anything special for lumen?"],
         ["nothing lumen-specific, just set base_url to the new domain and rebuild",
          "set the domain in netlify, then update base_url so feeds and sitemap use it"]),
        (["why is my page title showing as 'Untitled'?",
          "every page says Untitled in the browser tab",
          "title missing on all my posts, front matter has `Title: ...`"],
         ["front matter keys are lowercase: `title:`", "it's `title`, not `Title` — keys are "
          "case sensitive", "check the key case, `title:` lowercase"]),
        (["how do I make a page that lists all tags?", "tag cloud page, how?",
          "is there an automatic /tags/ page?"],
         ["`site.tags` is a dict of tag → pages, loop it in a tags.html template",
          "make content/tags.md with `template: tags.html` and loop `site.tags.items()`",
          "not automatic, but it's a 6-line template, the docs have one"]),
        (["images in my posts are huge, how do I limit the width?",
          "how do I make images responsive in the default theme?"],
         ["css: `.content img { max-width: 100%; height: auto; }`",
          "use the image() helper with `.resize(800)` and srcset, or just max-width css"]),
        (["can I schedule posts for a future date?", "post with a future date shows up "
          "already, can I hide it until then?", "scheduled publishing possible?"],
         ["`[build] future = false` hides posts dated in the future; rebuild daily with cron/CI",
          "set future = false and run a nightly CI build, that's the usual trick",
          "static site, so: future = false + a scheduled rebuild"]),
        (["how do I add a search box?", "site search for a static lumen site?",
          "anyone done search on a lumen site without a server?"],
         ["lunr.js or pagefind; pagefind just needs to run after `lumen build`",
          "pagefind is great, `npx pagefind --site public` after the build",
          "I generate a search.json with a template and use fuse.js"]),
        (["lumen build works but serve shows an old version of my page",
          "changes not showing in the browser with lumen serve",
          "serve keeps serving stale css"],
         ["hard refresh (ctrl+shift+r), the browser caches css", "disable cache in devtools "
          "while serve is running", "if it's css: `url_for(..., hash=True)` avoids that "
          "forever"]),
        (["what python version should I use for lumen?",
          "does lumen work with python 3.13?", "which python for 0.9.2?"],
         ["3.11 to 3.14 all work, 3.12 is what most of us use", "3.13 is fine",
          "anything 3.11+"]),
        (["can I write posts in jupyter notebooks?", "ipynb support?"],
         ["there's a community plugin, lumen-nbconvert, works ok",
          "export to markdown with nbconvert first, that's what I do"]),
        (["how do I get the previous/next post links?",
          "prev / next navigation between posts?"],
         ["`page.previous` and `page.next` inside a section",
          "page.next / page.previous, ordered by date"]),
        (["my build fails with `YAMLError: mapping values are not allowed here`",
          "yaml error in front matter, can't spot it",
          "front matter won't parse: `mapping values are not allowed`"],
         ["you probably have a colon in the title, quote it: `title: \"Lumen: a story\"`",
          "colon in an unquoted value, put quotes around it",
          "quote the title, yaml hates `: ` inside values"]),
        (["where do I put custom javascript?", "how do I include a js file in every page?"],
         ["static/js/, then a <script> tag in base.html", "static/ and reference it with "
          "url_for in your base template"]),
        (["can lumen generate a sitemap?", "sitemap.xml support?"],
         ["on by default since 0.8, check public/sitemap.xml",
          "it's automatic, `[sitemap] enabled = false` to turn it off"]),
        (["how do I set a default author for all posts?",
          "can front matter have defaults per folder?"],
         ["`[defaults]` table in lumen.toml, or a `_defaults.yml` in the folder",
          "_defaults.yml in the folder applies to everything under it"]),
        (["the build is slow, is there a profile option?", "how can I see what makes my "
          "build slow?"],
         ["`lumen build --profile` prints time per phase and the slowest pages",
          "--profile, and if partials are the issue see #388"]),
        (["can I exclude a page from the rss feed?", "how do I keep a page out of feed.xml?"],
         ["`feed: false` in its front matter", "front matter `feed: false`"]),
        (["how do I use a different template for one page?",
          "one page needs a totally different layout, how?"],
         ["`template: landing.html` in that page's front matter",
          "front matter `template:` overrides the default"]),
    ],
    "general": [
        (["just upgraded to 0.9.2, the new image pipeline is fast",
          "0.9.2 on linux = zero issues for me, fwiw",
          "0.9.2 build times on my photo blog are way down"],
         ["same, 40% faster here", "nice, I'm waiting for 0.9.3 because windows 🙃",
          "the image cache is the best part", "good to hear, upgrading tonight"]),
        (["what theme do you all use?", "default theme or custom?",
          "any theme recommendations? the default is a bit plain for me"],
         ["custom, started from the default", "lumen-theme-paper, it's lovely",
          "the terminal theme from #showcase, obviously", "default + 50 lines of css"]),
        (["what editor do people use for writing posts?",
          "where do you write your markdown?"],
         ["vs code with a markdown preview", "obsidian", "vim, forever",
          "typora for writing, vs code for templates"]),
        (["anyone going to a conference soon?", "meetups anyone? I'd love to meet lumen folks"],
         ["PyCon next year hopefully", "there's a python meetup in my city, might give a "
          "lumen talk", "online ones only for me this year"]),
        (["how did you all find lumen?", "curious how people end up here"],
         ["a blog post comparing ssgs", "a friend's site was built with it",
          "searching 'python static site generator jinja'", "hacker news comment, I think"]),
        (["welcome to everyone who joined this week 👋",
          "lots of new faces lately, hi all!"],
         ["👋", "hi! glad to be here", "hello from a new member", "thanks, nice server"]),
    ],
    "off-topic": [
        (["what are you all having for dinner", "lunch ideas? I'm out of inspiration"],
         ["curry", "pasta again", "whatever is in the fridge", "soup weather",
          "homemade pizza tonight"]),
        (["cats or dogs", "pet pics when"],
         ["cats, obviously", "dogs!!", "both, and a rabbit", "my cat would like a word"]),
        (["anyone doing anything fun this weekend?", "weekend plans?"],
         ["hiking if the weather holds", "moving flats 😩", "nothing at all, bliss",
          "a friend's birthday", "painting the kitchen"]),
        (["what's the best bug you've ever caused", "worst production incident story?"],
         ["deleted the staging db on a friday. it was prod", "a timezone bug, of course",
          "cron ran every minute instead of every month", "off-by-one in an invoice run"]),
        (["anyone else's week going by incredibly slowly", "is it the weekend yet"],
         ["it's been thursday for 3 days", "same", "soon™", "time is fake"]),
        (["tabs or spaces", "single or double quotes in python"],
         ["spaces, and I'll die on this hill", "whatever ruff says",
          "double, because black said so", "tabs, fight me"]),
    ],
    "dev": [
        (["PR for the footnote ordering (#377) is up, small one",
          "pushed a fix for the sitemap lastmod fallback (#401)",
          "draft PR for `lumen build --dry-run` is up"],
         ["nice, reviewing", "lgtm, one nit about naming", "thanks! merged",
          "can you add a test for the edge case from the issue?", "CI is green, merging"]),
        (["is anyone looking at #395? otherwise I'll take it",
          "can I pick up #409? looks small"],
         ["all yours!", "go for it", "assigned you 👍"]),
        (["flaky test again: test_serve_reload_roundtrip on macos",
          "CI took 14 minutes on windows, is that normal now?"],
         ["rerun and I'll look at it tomorrow", "the new windows job adds ~4 min, expected",
          "yeah, macos runners are slow today"]),
    ],
    "showcase": [
        (["my site about urban sketching, each sketch page has the location on a map "
          "[[img:sketches.jpg]]", "a small site for my cycling club's routes, gpx files "
          "turned into maps at build time [[img:cycling-routes.png]]",
          "rebuilt my digital garden with lumen, backlinks + a graph page "
          "[[img:garden-graph.png]]", "portfolio for my ceramics 🏺 [[img:ceramics.jpg]]",
          "a minimal theme I made for essays, serif everything [[img:essay-theme.png]]",
          "our community garden's site, harvest calendar generated from a csv "
          "[[img:garden.png]]"],
         ["love this", "so good", "the map integration is slick", "this is beautiful",
          "how did you do the graph?", "bookmarked", "clean!", "wow, great typography"]),
    ],
    "t:winserve": [
        (["same crash here, windows 11, python 3.12.4, pip install -U this morning",
          "win10 / 3.11 / pipx — crashes on first save with a tab open",
          "+1, windows 11 + python 3.12, the WinError 10038 one",
          "happens to me with `lumen serve --drafts` too",
          "same, windows 10 LTSC, python 3.11.4"],
         ["👆 same", "same setup, same crash", "--no-reload workaround works for me too"]),
    ],
    "t:spaces": [
        (["happens with `static/Brand Assets/logo v3.svg` too", "same on linux with "
          "`static/Meeting Notes/`"], ["👍 same", "renaming worked for me meanwhile"]),
    ],
    "t:rss": [
        (["Europe/Madrid here, same off-by-one-day in feed.xml",
          "Pacific/Auckland: the whole day is off, posts show up as yesterday"],
         ["+1", "same symptom"]),
    ],
    "t:clean": [
        (["checked my config after reading this, I had `output_dir = \"./\"` 😰 changed "
          "it now", "thank you for posting this, I was about to set output_dir to `.`"],
         ["good catch", "same, changed mine"]),
    ],
    "t:include": [
        (["same with `{% import \"./macros.html\" as m %}`"], ["+1, import too"]),
    ],
}
THANKS = ["thanks!", "that worked, thank you", "ty!", "perfect, thanks", "ahh, thank you",
          "works now 🙏", "got it", "that was it", "thanks a lot", "oh nice, ty",
          "thank you!!", "makes sense, thanks", "🙏", "appreciate it"]

KITS["help"] += [
    (["how do I add open graph tags so links look nice when shared?",
      "link previews for my posts look bare on mastodon, how do I fix that?",
      "og:image per post possible?"],
     ["add <meta property=\"og:title\"> etc to base.html using page.title / "
      "page.description", "front matter `image:` + a meta tag in your base template, "
      "use url_for(page.image, absolute=True)", "yes, `og_image:` in front matter and "
      "`{{ url_for(page.og_image, absolute=True) }}` in the head"]),
    (["can I nest sections? like docs/guide/advanced/",
      "subsections inside a section, supported?"],
     ["yes, every folder with an _index.md is a section, any depth",
      "put an _index.md in each folder and they nest"]),
    (["lumen says `theme 'paper' not found`",
      "installed a theme with pip but lumen can't find it"],
     ["themes are entry points, make sure it's installed in the same venv as lumen",
      "`pip show lumen-theme-paper` in the same env you run lumen from"]),
    (["how do I show the git commit date as 'last updated'?",
      "can lumen read dates from git?"],
     ["`[content] dates_from_git = true`, needs full history in CI (fetch-depth: 0)",
      "dates_from_git, but in github actions set `fetch-depth: 0` or every date is today"]),
    (["how do I add a cookie-free analytics script?",
      "plausible / goatcounter with lumen?"],
     ["just paste their script tag in base.html, guarded by `{% if env == 'production' %}`",
      "base.html + `lumen build --env production` so it's not on localhost"]),
    (["can lumen do redirects for old urls?", "I changed my permalinks, how do I keep old "
      "links working?"],
     ["`aliases: [/old/url/]` in front matter generates redirect pages",
      "front matter aliases, lumen writes a tiny meta-refresh page for each"]),
    (["is there a way to preview the site on my phone on the same wifi? [[after:3 09:00]]",
      "how do I open lumen serve from another device? [[after:3 09:00]]"],
     ["`lumen serve --host 0.0.0.0`, but mind the security note in #general until 0.9.3",
      "--host 0.0.0.0 works, but only on a trusted network for now (see the pinned note)"]),
    (["how can I get word count of a post in a template?",
      "word count filter?"],
     ["`{{ page.content|striptags|wordcount }}`, jinja has it built in",
      "wordcount is a jinja builtin, strip tags first"]),
    (["`lumen build` exits 0 even if a template errors for one page?",
      "can the build fail hard on template errors?"],
     ["`lumen build --strict`, we use it in CI", "--strict turns warnings into errors"]),
    (["how do I add a 'copy' button to code blocks?",
      "copy-to-clipboard for code snippets?"],
     ["a few lines of js on `pre > code`, nothing lumen specific",
      "I use a small script from the docs' recipes page, works fine"]),
]
KITS["general"] += [
    (["took me a weekend to move from hugo, and I'm happy", "switched from eleventy, "
      "jinja feels like home", "moved from jekyll, builds are so much faster now"],
     ["welcome aboard!", "nice, how was the migration?", "the importer helps a lot",
      "🎉", "glad it went smoothly"]),
    (["does anyone use lumen for documentation at work?",
      "using lumen for internal docs, anyone else?"],
     ["yes, behind SSO on an internal bucket", "we do, works fine with a search plugin",
      "we moved to it from confluence 😅"]),
    (["the community here is really nice btw", "been lurking a month, this server is "
      "so helpful"],
     ["❤️", "glad you're here", "that's the goal!", "thanks for saying that"]),
    (["anyone else waiting for 0.9.3 before upgrading? [[after:1 14:00]]",
      "should I upgrade to 0.9.2 or wait? [[after:1 14:00]]"],
     ["on linux/mac 0.9.2 is fine, windows folks should wait", "wait if you use "
      "relative includes", "I upgraded, only hit the include thing, easy fix"]),
]
KITS["off-topic"] += [
    (["what's the weather like where you are", "snow anywhere yet?"],
     ["grey and rainy", "-3°C and sunny", "still t-shirt weather here", "first frost "
      "this morning", "foggy all week"]),
    (["anyone watching anything good?", "show recommendations?"],
     ["rewatching an old sitcom", "a nature documentary about octopuses", "nothing, "
      "I read instead", "a cooking competition, very soothing"]),
    (["anyone into board games?", "what's a good 2-player board game?"],
     ["patchwork!", "jaipur", "7 wonders duel", "we play wingspan every sunday"]),
    (["hardware question: is a mechanical keyboard worth it?",
      "thinking about getting a second monitor"],
     ["worth it, but it's a rabbit hole", "second monitor changed my life",
      "vertical second monitor for docs, 10/10", "my wallet says no"]),
]
KITS["dev"] += [
    (["docs PR: rewrote the deploy guide for cloudflare pages",
      "small PR: better error when lumen.toml is missing",
      "PR: `lumen doctor` checks for CRLF front matter"],
     ["thanks! merged", "one comment, otherwise 👍", "love this", "approved"]),
    (["should we publish a security policy file? now that we have an advisory "
      "[[after:2 22:00]]", "do we have a SECURITY.md? someone asked where to report things "
      "[[after:2 22:00]]"],
     ["yes, pointing at GitHub private reporting", "I'll add one with the 0.9.3 release",
      "good idea, quill is drafting it"]),
]
KITS["t:winserve"] += [
    (["python 3.12.6 from python.org, windows 11 home: same",
      "same on a fresh windows VM, so it's not my machine",
      "+1, windows 10 with python 3.11 from the store"],
     ["yep", "same", "confirmed here too"]),
]
KITS["help"] += [
    (["does lumen support draft previews for other people?",
      "how do I share a draft with a friend before publishing?"],
     ["build with `--drafts` to a separate preview deploy (netlify branch deploys)",
      "a preview branch with `--drafts` on netlify/cloudflare"]),
    (["my RSS feed is empty", "feed.xml has no items"],
     ["is `[feed] section = \"posts\"` pointing at the right folder?",
      "check feed.section, it defaults to `posts`"]),
    (["can I use markdown inside html blocks?", "markdown inside a <div> isn't rendered"],
     ["add `markdown=\"1\"` to the div (md_in_html extension)",
      "enable md_in_html and put markdown=\"1\" on the element"]),
]

SINGLES["general"] += [
    "anyone else's builds suddenly faster on 0.9.2 or is it my new laptop",
    "writing a post about static sites for my team's internal blog, wish me luck",
    "the lumen logo is so cute", "good luck to the maintainers with 0.9.3 🙏 [[after:2 17:00]]",
    "first time deploying anything to the internet, it's live!!", "lumen + htmx is a "
    "surprisingly nice combo", "today I learned about `lumen build --strict`, turned it on "
    "in CI", "is there a lumen mastodon account?", "finally fixed my rss feed styling",
    "my site got 200 visitors from a hacker news comment, lumen didn't even blink",
    "how do you all keep motivated to write?", "happy 1000th member to whoever that was",
    "back after a month of not touching my blog", "the new docs search is still broken "
    "for hyphens but otherwise 👌", "I love how readable the generated html is",
    "migrating a 10 year old blog this weekend, pray for me", "a colleague asked me what "
    "an ssg is and I talked for 20 minutes. sorry colleague", "lunch break lurking",
    "just saw the 0.9.3 planning thread, nice transparency [[after:2 17:05]]",
    "that feeling when the build passes on the first try",
    "my kid asked why my website has no games on it",
    "is there a lumen meetup in Europe ever?", "ok, bedtime. night all 🌙",
    "made a tiny plugin that adds reading progress bars, will share once it's clean",
    "wrote my first blog post in lumen, about sourdough, naturally",
    "whoever maintains the FAQ bot: it's really handy", "10 years of blogging, 4 ssgs, "
    "lumen is the one I'm staying with (for now)", "note to self: don't edit css at 1am",
    "quick poll: do you write in the morning or at night?",
    "hello from a rainy afternoon", "long day, see you all tomorrow",
    "github sponsors for lumen when? I'd chip in", "tfw you spend 2 hours on a theme "
    "and 5 minutes on the actual post", "is the 0.9.3 release on tuesday? want to plan my "
    "upgrade [[after:2 17:05]]", "new member here, hi! found you through the docs",
]
SINGLES["help"] += [
    "what's the recommended folder structure for a blog + docs combo?",
    "can I change the output filename of feed.xml?", "how do I add alt text to images "
    "from front matter?", "any way to set different base templates per section?",
    "lumen serve on port 8000 says permission denied?", "can I include raw html files "
    "without processing?", "how do I disable the generator meta tag?",
    "is there a way to generate a pdf of a page?", "where are cached images stored?",
    "can I get the build date in a template?", "how do I make urls without trailing "
    "slashes?", "is there an equivalent of hugo's shortcodes?", "ok thanks, trying it",
    "that worked!", "👍 thanks", "let me check", "yeah that's weird", "same question "
    "actually", "I'll try after work", "brilliant, thank you", "oh wow that's simple",
    "👀", "does that work on windows too?", "is that documented somewhere?",
    "oh no, I've been doing it wrong for months", "it's working!! thank you all",
]
SINGLES["off-topic"] += [
    "new mechanical keyboard arrived, typing everything twice for fun", "my sourdough "
    "starter is named Bready Mercury", "it's 5pm somewhere", "so tired today",
    "finally fixed the wifi at home", "the power went out for 2 hours, read a paper book",
    "learned a new word today: petrichor", "the neighbour's cat is visiting again 🐈",
    "first coffee of the day hits different", "just walked 12k steps to avoid my inbox",
    "is anyone else's calendar just meetings", "made pancakes for dinner, no regrets",
    "watched the sunset instead of debugging. good choice", "my desk plant died. rip",
    "pro tip: drink water", "today is a cardigan day", "oops, wrong channel",
    "that's hilarious", "oh no", "amazing", "👏", "🥲", "big if true",
]
SINGLES["dev"] += [
    "should we run the docs build in CI on every PR?", "bumped pygments, no visual "
    "changes as far as I can tell", "added a regression test for #415 [[after:1 12:00]]",
    "fixed the flaky test, it was a race in the watcher", "switching the windows job to py3.13",
    "I'll write the 0.9.3 changelog entries for my PRs", "type hints for the plugin API "
    "are in", "found a perf win in the markdown cache, PR soon", "benchmarks: 2k pages "
    "in 18s on my machine", "docs: added a section about output_dir safety",
    "reminder: please add changelog entries to your PRs",
]
SINGLES["showcase"] += [
    "saving all of these for inspiration", "how did you do the dark mode?", "the colors!",
    "this is so clean", "mind sharing the template?", "😍", "great work", "super nice",
    "the layout is really well done", "fast too!", "love the little animations",
    "stealing this idea", "this made my day",
]
THREAD_SINGLES["t:winserve"] += [
    "same crash, win 11, py 3.12", "+1 windows 10", "me too, 0.9.2 on windows",
    "happens every time I save, windows 11", "pinned 0.9.1 for now, thanks for the "
    "thread", "just here to say +1", "same, WinError 10038", "--no-reload is fine as a "
    "stopgap, thanks", "thanks for collecting these!", "same here on a surface laptop",
]

# help one-liners that only make sense inside a conversation
HELP_PROBES = ["which lumen version are you on?", "what does `lumen doctor` say?",
               "can you paste your lumen.toml?", "which OS?", "is that on 0.9.2?"]
HELP_PROBE_ANSWERS = ["0.9.2", "0.9.2, on linux", "latest, 0.9.2, macOS", "0.9.1 still",
                      "0.9.2 on windows 11", "`lumen --version` says 0.9.2", "0.9.2, ubuntu"]
HELP_FOLLOWUPS = [
    "is that documented somewhere?", "does that work on windows too?",
    "oh wow that's simple", "oh no, I've been doing it wrong for months", "let me check",
    "I'll try after work", "ok thanks, trying it", "hmm, still the same… oh wait, typo. "
    "works!", "yeah that's weird, but ok", "will try that",
]
HELP_METOO = ["same question actually", "👀 following", "was about to ask the same"]
HELP_CONTEXTUAL = set(HELP_PROBES + HELP_FOLLOWUPS + HELP_METOO + THANKS) | {
    "thanks!", "thank you so much", "that fixed it 🙏", "got it working, thanks all",
    "ah ok makes sense", "ty", "will try that", "hmm still the same", "try `lumen build -v`, "
    "it prints where it looks for templates", "restart serve after changing lumen.toml, it's "
    "not watched", "that's a jinja thing, not lumen, check the jinja docs on scoping",
    "ok thanks, trying it", "that worked!", "👍 thanks", "let me check", "yeah that's weird",
    "same question actually", "I'll try after work", "brilliant, thank you",
    "oh wow that's simple", "👀", "does that work on windows too?",
    "is that documented somewhere?", "oh no, I've been doing it wrong for months",
    "it's working!! thank you all"}
SINGLES["help"] = [s for s in SINGLES["help"] if s not in HELP_CONTEXTUAL]
SINGLES["general"] += [
    "the 0.9.2 release notes mention a 'faster markdown cache', can confirm, it's noticeable",
    "I keep forgetting `lumen serve --drafts` exists", "published my first post in 6 "
    "months, feels good", "my partner says my blog is 'very beige'. redesign incoming",
    "pro tip: `lumen build --profile` told me one giant svg was 80% of my build time",
    "does anyone else write posts in the train? best focus time", "my github pages deploy "
    "takes longer than the build lol", "just found out you can use jinja macros in "
    "markdown via shortcodes, game changer", "whoever wrote the error messages: thank you, "
    "they're actually helpful", "my site is finally 100 on lighthouse 🎉",
    "why did nobody tell me about `url_for(..., hash=True)` earlier",
    "reading everyone's showcase posts instead of working on mine",
    "the faq bot answered my question before I finished typing it",
    "anyone else have a 'blog about blogging' phase", "today's goal: write. actual "
    "result: tweaked fonts for 3 hours", "thinking of doing a 30 days of writing thing in "
    "december, anyone in?", "can't believe my whole site is 14 markdown files and a toml",
    "lumen + a raspberry pi + cron = my little newspaper", "nice to see so many new people "
    "this week 👋", "I should really write the about page at some point",
]
