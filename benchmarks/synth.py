"""Synthetic but realistic material for the benchmarks: races, riders, text and HTML reports.

Deterministic for a seed. Names come from the bundled catalogue (raceview/data/races.json,
teams.json); riders are made of first and last names with the accents real start lists have.
Also `machine()`, the line every benchmark prints about where it ran.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import sys
from dataclasses import dataclass
from importlib import resources

FIRST = [
    "Tadej",
    "Jonas",
    "Remco",
    "Primož",
    "Wout",
    "Mathieu",
    "Jasper",
    "Biniam",
    "Mads",
    "Tom",
    "Julian",
    "Egan",
    "Richard",
    "Enric",
    "Juan",
    "Ayuso",
    "Santiago",
    "Romain",
    "Valentin",
    "Stefan",
    "Lenny",
    "Thibau",
    "Arnaud",
    "Magnus",
    "Søren",
    "Kasper",
    "Ion",
    "Pello",
    "Marc",
    "Óscar",
    "Iván",
    "Giulio",
    "Filippo",
    "Alberto",
    "Davide",
    "Ben",
    "Tao",
    "Simon",
    "Adam",
    "Oier",
    "Guillaume",
    "Michał",
    "Rafał",
    "Maciej",
    "Kévin",
    "Benoît",
    "Aurélien",
    "Jérémy",
    "Bauke",
    "Dylan",
    "Fabio",
    "Olav",
    "Jhonatan",
    "Sergio",
]
LAST = [
    "Pogačar",
    "Vingegaard",
    "Evenepoel",
    "Roglič",
    "Van-Aert",
    "Van-der-Poel",
    "Philipsen",
    "Girmay",
    "Pedersen",
    "Pidcock",
    "Alaphilippe",
    "Bernal",
    "Carapaz",
    "Mas",
    "Ayuso",
    "Buitrago",
    "Bardet",
    "Madouas",
    "Küng",
    "Martinez",
    "Nys",
    "Cort",
    "Skjelmose",
    "Izagirre",
    "Bilbao",
    "Soler",
    "Rodríguez",
    "Sosa",
    "Ciccone",
    "Ganna",
    "Bettiol",
    "Formolo",
    "Healy",
    "Arensman",
    "Yates",
    "Gaudu",
    "Kwiatkowski",
    "Majka",
    "Bouwman",
    "Jakobsen",
    "Jorgenson",
    "Narváez",
    "Higuita",
    "Kron",
    "Tiberi",
    "Groenewegen",
    "Hayter",
    "Geoghegan-Hart",
    "Mohorič",
    "Matthews",
    "Grégoire",
    "Lafay",
    "Hindley",
    "Søjberg",
    "Ødegaard",
    "Ulissi",
    "Velasco",
    "Zimmermann",
    "Ørbæk",
    "Vlasov",
    "Landa",
    "Uijtdebroeks",
    "Vauquelin",
]
CITIES = [
    "Lille",
    "Nice",
    "Turin",
    "Bergamo",
    "Granada",
    "Oviedo",
    "Annecy",
    "Pau",
    "Liège",
    "Roubaix",
    "Sanremo",
    "Harrogate",
    "Bilbao",
    "Lugano",
    "Andorra",
    "Grenoble",
    "Foix",
    "Siena",
    "Verona",
    "Como",
    "Valence",
    "Tarbes",
    "Nîmes",
    "Leuven",
]
FILLER = (
    "The early break of {n} riders went clear after {k} kilometres and built a lead of"
    " four minutes before the peloton took control.",
    "Rain fell on the descent of the {climb}, and several riders crashed on the wet roads.",
    "{team} set a fierce pace on the final climb, thinning the front group to a dozen.",
    "The crosswinds split the bunch with {k} km to go, and a group of favourites was caught out.",
    '"It was a very hard day, the legs were good and the team did an amazing job," {rider}'
    " said after the finish.",
    "The race covered {dist} km from {start} to {finish}, with {n} categorised climbs.",
    "Behind, the chasing group never organised itself and the gap kept growing.",
    "Last year's winner finished in the second group after puncturing at the foot of the {climb}.",
    "Organisers neutralised the race for ten minutes after a level crossing closed.",
    "The stage was the {adj} of the week, and the finish came down to a long drag uphill.",
)
CLIMBS = [
    "Poggio",
    "Cipressa",
    "Redoute",
    "Mur",
    "de",
    "Huy",
    "Tourmalet",
    "Stelvio",
    "Angliru",
    "Galibier",
    "Kwaremont",
]
ADJS = ["hardest", "fastest", "longest", "hottest", "most", "nervous"]


def machine() -> str:
    """Where a benchmark ran: platform, CPUs, Python."""
    return (
        f"{platform.platform()} · {os.cpu_count()} CPUs ({platform.machine()}) ·"
        f" {platform.python_implementation()} {sys.version.split()[0]}"
    )


def _catalogue(name: str) -> list[dict[str, object]]:
    text = (resources.files("raceview") / "data" / name).read_text(encoding="utf-8")
    data = json.loads(text)
    return data if isinstance(data, list) else []


@dataclass(frozen=True, slots=True)
class Finisher:
    """One line of a generated result."""

    pos: int | None
    rider: str
    team: str
    gap_s: int | None
    time_s: int | None
    status: str


@dataclass(frozen=True, slots=True)
class PlannedRace:
    """A race (or stage) to generate."""

    name: str
    year: int
    stage: str | None
    date: dt.date
    gender: str
    category: str
    distance_km: float
    start: str
    finish: str


def riders_pool(rng: random.Random, size: int = 900) -> list[tuple[str, str]]:
    """(rider, team) pairs: distinct names, ~30 riders per team."""
    teams = [str(t["name"]) for t in _catalogue("teams.json")] or ["Team A", "Team B"]
    names: set[str] = set()
    while len(names) < size:
        names.add(f"{rng.choice(FIRST)} {rng.choice(LAST).replace('-', ' ')}")
    ordered = sorted(names)
    rng.shuffle(ordered)
    return [(n, teams[i % len(teams)]) for i, n in enumerate(ordered)]


def plan_races(n: int, seed: int = 7) -> list[PlannedRace]:
    """`n` distinct races: catalogue races over the years, stage races with their stages."""
    rng = random.Random(seed)
    races = [r for r in _catalogue("races.json") if r.get("name")]
    out: list[PlannedRace] = []
    year = 2025
    while len(out) < n:
        for r in races:
            name, stage_race = str(r["name"]), r.get("kind") == "stage"
            stages = 21 if r.get("tier") == "grand-tour" else (7 if stage_race else 0)
            start = dt.date(year, 1, 20) + dt.timedelta(days=rng.randrange(0, 280))
            for s in range(1, stages + 1) if stages else [0]:
                day = start + dt.timedelta(days=s + s // 7)
                out.append(
                    PlannedRace(
                        name=name,
                        year=year,
                        stage=str(s) if s else None,
                        date=day,
                        gender=str(r.get("gender") or "men"),
                        category="stage" if stage_race else "one-day",
                        distance_km=float(rng.randrange(90, 290)),
                        start=rng.choice(CITIES),
                        finish=rng.choice(CITIES),
                    )
                )
                if len(out) == n:
                    return out
        year -= 1
    return out


def result(rng: random.Random, pool: list[tuple[str, str]], riders: int) -> list[Finisher]:
    """A classification of `riders` lines: same-time groups, growing gaps, a few DNFs."""
    chosen = rng.sample(pool, riders)
    dnf = rng.randrange(0, max(1, riders // 25))
    winner_time = rng.randrange(3 * 3600, 6 * 3600)
    rows: list[Finisher] = []
    gap = 0
    for i, (rider, team) in enumerate(chosen[: riders - dnf]):
        if i and rng.random() < 0.35:
            gap += rng.choice((2, 5, 13, 27, 41, 64, 120, 300))
        rows.append(Finisher(i + 1, rider, team, gap, winner_time + gap, "finished"))
    rows += [Finisher(None, r, t, None, None, "dnf") for r, t in chosen[riders - dnf :]]
    return rows


def race_phrase(race: PlannedRace) -> str:
    """'stage 7 of the Tour de France' or 'Milan-San Remo'."""
    if race.stage:
        return f"stage {race.stage} of the {race.year} {race.name}"
    return f"the {race.year} {race.name}"


def gap_words(seconds: int) -> str:
    """How reports say a gap."""
    if seconds == 0:
        return "at the same time"
    if seconds < 60:
        return f"at {seconds} seconds"
    return f"at {seconds // 60}:{seconds % 60:02d}"


def clock(seconds: int) -> str:
    """'4:12:33'."""
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def story(
    rng: random.Random, race: PlannedRace, rows: list[Finisher], *, table: bool, stub: bool
) -> tuple[str, str, list[str]]:
    """(title, standfirst, paragraphs) of a report; the table as tab-separated lines."""
    w, s, t = rows[0], rows[1], rows[2]
    verb = rng.choice(("won", "took", "claimed", "sprinted to victory in"))
    title = rng.choice(
        (
            f"{w.rider} wins {race_phrase(race)}",
            f"{race.name} {race.year}{f' stage {race.stage}' if race.stage else ''}:"
            f" {w.rider.split()[-1]} takes it",
            f"{w.rider.split()[-1]} triumphs in {race.finish}",
        )
    )
    standfirst = rng.choice(
        (
            f"{w.team} rider beats {s.rider.split()[-1]} in {race.finish}",
            f"{s.rider.split()[-1]} second, {t.rider.split()[-1]} completes the podium",
            "",
        )
    )
    lead = (
        f"{w.rider} ({w.team}) {verb} {race_phrase(race)} on"
        f" {race.date:%A}, {race.date.day} {race.date:%B}, ahead of {s.rider} ({s.team})"
        f" {gap_words(s.gap_s or 0)}, with {t.rider} ({t.team}) third {gap_words(t.gap_s or 0)}."
    )
    paras = [lead]
    if stub:
        paras.append("More to follow.")
        return title, standfirst, paras
    for _ in range(rng.randrange(5, 10)):
        paras.append(
            rng.choice(FILLER).format(
                n=rng.randrange(3, 12),
                k=rng.randrange(5, 80),
                climb=rng.choice(CLIMBS),
                team=rng.choice(rows).team,
                rider=w.rider,
                dist=race.distance_km,
                start=race.start,
                finish=race.finish,
                adj=rng.choice(ADJS),
            )
        )
    fourth = rows[3]
    paras.append(f"{fourth.rider} was fourth {gap_words(fourth.gap_s or 0)}.")
    if table:
        paras.append("Results")
        for r in rows:
            if r.pos == 1 and r.time_s:
                when = clock(r.time_s)
            elif r.gap_s is not None:
                when = f"+{r.gap_s // 60}:{r.gap_s % 60:02d}"
            else:
                when = "DNF"
            paras.append(f"{r.pos or 'DNF'}\t{r.rider}\t{r.team}\t{when}")
    return title, standfirst, paras


def text_report(race: PlannedRace, title: str, standfirst: str, paras: list[str]) -> str:
    """A plain-text report in the format of raceview/data/samples/*.txt."""
    head = [f" date {race.date.isoformat()} ", title] + ([standfirst] if standfirst else [])
    return "\n".join([*head, *paras]) + "\n"


def html_page(
    rng: random.Random, race: PlannedRace, title: str, standfirst: str, paras: list[str]
) -> str:
    """The same report as a news page: navigation, newsletter box, related links, footer."""
    body: list[str] = []
    rows = [p for p in paras if "\t" in p]
    prose = [p for p in paras if "\t" not in p and p != "Results"]
    body += [f"<p>{p}</p>" for p in prose]
    if rows:
        cells = "".join(
            "<tr>" + "".join(f"<td>{c}</td>" for c in r.split("\t")) + "</tr>" for r in rows
        )
        body.append(f"<h2>Results</h2><table><tbody>{cells}</tbody></table>")
    related = "".join(
        f"<li><a href='/news/{i}'>Rider {rng.choice(LAST)} signs for {rng.choice(CITIES)} team"
        "</a></li>"
        for i in range(8)
    )
    nav = "".join(f"<li><a href='/{c.lower()}'>{c}</a></li>" for c in CITIES[:10])
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | Cyclescope</title>"
        f"<meta name='description' content='{standfirst}'>"
        f"<meta property='article:published_time' content='{race.date.isoformat()}T17:30:00Z'>"
        "<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script>"
        "<style>body{font-family:sans-serif}</style></head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>{title}</h1><p class='standfirst'>{standfirst}</p>"
        f"<div class='byline'>By Maria Ferrer · {race.date:%d %B %Y}</div>"
        + "".join(body)
        + "<aside class='newsletter'><h3>Sign up for the Breakaway Briefing</h3><p>Race news,"
        " rider interviews and the best kit deals, sent to your inbox every weekday morning."
        "</p><form><input type='email'><button>Sign up</button></form></aside>"
        "</article>"
        f"<section class='related'><h3>Latest on Cyclescope</h3><ul>{related}</ul></section>"
        "</main><footer><p>© Cyclescope. All rights reserved.</p>"
        "<a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></footer></body></html>"
    )
