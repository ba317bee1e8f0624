"""The seed of the exemplar bank, written for this project (no dataset text).

Spam: the waves that hit Discord communities — free Nitro, Steam gifts and "I reported
you by mistake", crypto mentorship ("I'll teach 10 people…"), investment testimonials,
fake jobs, NSFW invites, airdrops and wallet drainers, "DM me", fake Trust & Safety,
self-promotion. Ham: what an open-source community really says, including the messages
that *look* risky to a keyword filter — prices with "$", shell prompts, error dumps,
links to docs, "DM me the log", warnings about the very scams above.

Moderator verdicts are added to the bank at run time; this file is only the start.
"""

from __future__ import annotations

from triagebot.core.spam.exemplars import Label

SPAM: dict[str, tuple[str, ...]] = {
    "Nitro scam": (
        "Discord is giving 3 months of Nitro to every active member, grab yours before it "
        "expires: https://discord-nitro.gifts/claim",
        "@everyone free nitro for the first 200 users, just log in with discord here -> "
        "dlscord-app.com/nitro",
        "yo i got an extra nitro gift code i don't need, take it before someone else does",
        "Steam and Discord teamed up: claim a free month of Nitro by linking your Steam account",
        "got nitro for free with this new partner promo, it actually works lol, link in my bio",
    ),
    "Steam scam": (
        "hey, I accidentally reported your steam account instead of someone else, please "
        "message the admin so they don't ban you",
        "here's a $50 steam gift card, I won a giveaway and I'm sharing it, redeem before tonight",
        "free CS2 skins drop, log in with steam and pick any knife you want, ends in 1 hour",
        "I'm quitting the game and giving away my whole inventory, send me a trade offer here",
        "can you vote for my team in the tournament? you only need to sign in with Steam",
    ),
    "crypto mentorship": (
        "I will help 10 people earn $30,000 within a week from the crypto market, you pay me "
        "10% of your profit after you receive it. Only interested people send me a request",
        "Looking for 15 serious people I can teach to make $5k weekly trading crypto, no "
        "upfront fee, message me to start",
        "I'm teaching the first 20 people how I made 50k last month with bitcoin, DM me HOW",
        "Who wants to start earning $2,000 per day from home? I'll guide you step by step, "
        "hit me up on telegram",
        "Anyone interested in making money online with me? I only take 20% of what you make "
        "after you get paid",
    ),
    "investment testimonial": (
        "I invested 300 dollars with Mr. Daniel and received 4,800 in just four days, he is "
        "honest and reliable, contact him now",
        "Big thanks to my account manager, my first withdrawal arrived today, I never believed "
        "online trading could pay this well",
        "This platform doubled my deposit in 48 hours, 100% legit with guaranteed returns, "
        "register with my link",
        "Stop wasting your life on a 9-5, with this trading bot I get passive income every "
        "single day, ask me how",
        "Forex and binary options signals with a 95% win rate, join our premium group and "
        "start earning today",
    ),
    "investment pitch": (
        "This company is the best investment opportunity of the year: solid returns, weekly "
        "payouts and a team you can trust. Get in early while you still can",
        "Smart investors are moving their savings to this new trading platform, it grows your "
        "money while you sleep and withdrawals take minutes",
        "$MOON stealth launch in 10 minutes, dev is doxxed, liquidity locked, easy 100x gem, "
        "don't miss it",
    ),
    "fake job": (
        "We are hiring remote moderators for a new NFT project, $800 a week, no experience "
        "needed, apply in my DMs",
        "Looking for people to test our new game, paid $50 per hour, DM me if you want the job",
        "Part-time online job: work 1-2 hours a day from your phone and earn 300 USD daily, "
        "contact me on WhatsApp",
        "Hiring now: data entry assistants, flexible hours, weekly pay, message me for the form",
        "Our company needs 5 people for simple social media tasks, paid every day, reply + "
        "if interested",
    ),
    "NSFW invite": (
        "hot girls leaking their pics in my server, 18+ only, join fast: discord.gg/hotpics",
        "free onlyfans leaks and nudes, new content every day, link in my profile",
        "bored and lonely? come talk to me, I send nudes to anyone who joins my server",
        "Exclusive NSFW server with 10k+ free videos, invites open for the next hour only",
        "sexy singles near you want to chat, sign up free at hotdates-online.xyz",
    ),
    "airdrop or wallet drainer": (
        "The official token airdrop is live! Connect your wallet to claim before the snapshot "
        "closes",
        "Massive giveaway: send 0.1 ETH to the address below and get 1 ETH back instantly",
        "Claim your free NFT now, only 500 left, connect your wallet at opensea-mint.xyz",
        "Congratulations! Your wallet was selected for a USDT reward, claim it within 24 hours",
        "MetaMask security update required: verify your seed phrase to avoid losing your funds",
    ),
    "DM bait": (
        "DM me for something amazing you won't regret",
        "check your DMs, I sent you something important",
        "message me privately, I have an offer that will change your life",
        "need followers, likes or server members cheap? DM me",
        "anyone want to make quick money today? dm me now",
    ),
    "fake support or phishing": (
        "Hello, this is Discord Trust & Safety. Your account will be disabled in 24 hours "
        "unless you verify your identity at the link below",
        "Your server was flagged for violating the Terms of Service. Appeal here: "
        "discord-appeals-center.com",
        "hey i made a game, can you test it for me? just download the exe and tell me what "
        "you think",
        "omg is this you in this video?? look",
        "Your package could not be delivered, update your address and pay the fee here",
    ),
    "advertising": (
        "Check out my new YouTube channel and subscribe, I upload every day! link in bio",
        "Please subscribe to my channel, trying to hit 1000 subscribers before the month ends",
        "Join my server, we have giveaways every week, nitro boosts and a great community",
        "Buy cheap Discord members, boosts and aged accounts, best prices, instant delivery",
        "We're giving away 10 iPhones to our community members, to enter register on our site",
        "Limited time offer for this group only: 90% off premium subscriptions, act fast",
    ),
}

HAM: dict[str, tuple[str, ...]] = {
    "error report": (
        'Traceback (most recent call last): File "app.py", line 12, in <module> ImportError: '
        "cannot import name 'Client' from 'lumen'",
        "npm ERR! code ERESOLVE npm ERR! unable to resolve dependency tree",
        "error: failed to push some refs to 'git@github.com:me/repo.git'",
        "Segmentation fault (core dumped) when I run it with --release",
        "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)",
        "ModuleNotFoundError: No module named 'numpy' even though pip says it's installed",
        "Anyone else getting 502 Bad Gateway from the API since this morning?",
        "the build fails with 'undefined reference to `pthread_create'' on alpine",
    ),
    "commands and config": (
        "$ pip install -e .[dev] then pytest -x, and it fails on test_config",
        "run `export PATH=$HOME/.local/bin:$PATH` and try again",
        "sudo apt install build-essential libssl-dev and rebuild",
        "use `docker compose up -d` and check the logs with `docker compose logs -f web`",
        "How do I set an environment variable on Windows? set FOO=bar doesn't persist",
        "try `git rebase -i HEAD~3` and squash the fixup commits",
        "echo $SHELL says /bin/zsh so put it in ~/.zshrc instead",
        "you need to chmod +x the script first, then ./install.sh",
    ),
    "links and references": (
        "it's in the docs: https://docs.python.org/3/library/asyncio.html",
        "I opened an issue for that: https://github.com/acme/widget/issues/1234",
        "release notes are here https://example.org/changelog#v2-3-0",
        "here's a minimal repro: https://gist.github.com/someone/5f2a1c",
        "can you paste your config.yaml at https://paste.debian.net and share the link?",
        "the other project has a help channel on their server: discord.gg/python",
        "see https://discordpy.readthedocs.io/en/stable/interactions/api.html for buttons",
        "wiki page: https://wiki.archlinux.org/title/Systemd",
    ),
    "money and pricing": (
        "how much does the hosted version cost? is it $10 per month per seat or flat?",
        "the free tier gives you 500 build minutes, after that it's $0.008 per minute",
        "I earn about $40 a month from GitHub Sponsors, it covers the CI bill",
        "Is it possible to self-host this on a $5 VPS or does it need more RAM?",
        "our AWS bill was $120 last month because of the NAT gateway, ouch",
        "the estimate says $0.02 per 1k requests, that's fine for us",
        "does the $99 lifetime licence include updates?",
        "I'd pay for a support plan if it came with an SLA",
    ),
    "community chat": (
        "thanks, that fixed it!",
        "good morning everyone",
        "Congrats on the 1.0 release 🎉",
        "CI is green again, merging",
        "Welcome! Please read #rules and introduce yourself in #introductions",
        "@here the community call starts in 10 minutes",
        "DM me the full log if you'd rather not paste it publicly",
        "free nitro scams are going around again, don't click links from people you don't know",
        "my steam deck runs the game fine after the proton update",
        "We're giving away stickers at our conference booth tomorrow, come say hi!",
        "I'm looking for a job as a junior backend developer, any tips for the interview?",
        "we're hiring a part-time maintainer funded by a grant, details on the blog",
    ),
    "talking about spam": (
        "that account just posted the steam gift scam in three channels, already reported it",
        "mods, the @everyone nitro thing is back in general, can someone ban them?",
        "pings to everyone don't work for new accounts here, so that scam went nowhere",
        "lol did anyone else get the crypto mentor DM this morning",
        "heads up: the fake job offer going around asks for your wallet seed, ignore it",
        "banned the spammer and deleted their posts, thanks for the reports",
    ),
    "questions and reviews": (
        "Can someone review my PR? it adds retries to the HTTP client",
        "we should bump the minimum Python to 3.11 in the next release",
        "is there a way to run only the failing tests again?",
        "what's the recommended way to deploy this behind nginx?",
        "does anyone know why my bot doesn't receive message content anymore?",
        "the new dark theme is great but the contrast on links is too low",
        "I think this is a race condition in the reconnect logic",
        "which version of node do you need for the dev server?",
    ),
}


def seed_examples() -> list[tuple[Label, str, str]]:
    """Every seed as ``(label, note, text)``, spam first."""
    spam: list[tuple[Label, str, str]] = [
        ("spam", note, text) for note, texts in SPAM.items() for text in texts
    ]
    ham: list[tuple[Label, str, str]] = [
        ("ham", note, text) for note, texts in HAM.items() for text in texts
    ]
    return spam + ham
