"""The words and phrases that carry results in prose: compiled once, used by prose.py."""

from __future__ import annotations

import re

from raceview.analysis.folded_patterns import FoldedPattern
from raceview.analysis.prefilter import (
    Alternation,
    AnyNeedle,
    Prefiltered,
    folded,
    prefiltered,
    required_strings,
)
from raceview.analysis.words import ORDINAL_WORDS as _ALL_ORDINALS

_I = re.IGNORECASE

ORDINAL_WORDS = _ALL_ORDINALS[:20]

ORDINAL = prefiltered(
    r"\b(?:(" + "|".join(ORDINAL_WORDS) + r")|(\d{1,3})(?:st|nd|rd|th))\b"
    r"(?!\s*(?:-|\s)(?:time|half|week|day|year|years|stage|stages|consecutive|successive|straight"
    r"|attempt|win|wins|victory|victories|title|climb|ascent|passage|lap|category|group|chase"
    r"|row|season|edition|kilometre|km|sprint|intermediate|col|ascension|rest|grand|monument"
    r"|major|career|appearance|participation|race|one-day|tour|giro|vuelta|hour|minute|place finish"
    r"|rider|man|woman|team|podium|triumph|success|goal|attack|move|acceleration|effort|crash"
    r"|world|national|european|professional|pro|time trial|road|mountain|summit|hors|cat))",
    _I,
)

GC_WORDS = prefiltered(
    r"\b(?:overall|gc|general classification|leader'?s jersey|maillot jaune|maglia rosa"
    r"|maillot rojo|yellow jersey|pink jersey|red jersey|leader'?s (?:yellow|pink|red) jersey"
    r"|race lead|leads the race|standings|in the overall|on gc|on general)\b",
    _I,
)

WIN = prefiltered(
    r"\b(?:(?:to |and )?(?:win|wins|won"
    r"|winning)(?! the (?:(?!in |at |on |after |with )[\w-]+ ){0,3}?(?:sprint|battle|fight|race"
    r"|duel) (?:for|of)|(?: the)? (?:mountains|points|kom|youth|combativity|intermediate|prize"
    r"|jersey|toss|hearts|bunch sprint|group sprint|sprint)"
    r"|(?<=winning) (?:margin|move|attack|streak|team|formula|ways|run|position|gap|break"
    r"|distance|time))"
    r"|soloed|solos|solo(?:ed)? to (?:victory|the win)"
    r"|(?:took|takes?|taking|claim|claims|claimed|claiming|scored?|scoring|bagged|secured?)"
    r" (?:the |a |an |his |her |their )?(?:[\w-]+ ){0,4}?(?:win|victory|honours|title|stage"
    r"|spoils)"
    r"|(?:has |have )?(?:become|became|becomes|was crowned|is crowned|crowned) (?:the )?(?:new )?"
    r"(?:[\w'-]+ ){0,4}?(?:champion|winner)"
    r"|outsprint(?:s|ed)?|out-sprint(?:s|ed)?|outkick(?:s|ed)?|outpac(?:es|ed)|bested"
    r"|(?:held|holds|hold) off|(?:edge|edges|edged"
    r"|edging) (?:out )?|triumph(?:s|ed)?|prevail(?:s|ed)?"
    r"|(?:storm|storms|stormed|power|powers|powered|sprint|sprints|sprinted|surge|surged|raced"
    r"|rode|ride|rides|cruised|blasted|kicked|punched"
    r"|attacked|soared|climbed) to (?:a |an |his |her )?"
    r"(?:(?:\w+ )?victory|the win|win|the stage win|stage victory|the title)"
    r"|beat|beats|victorious|was the winner|is the winner|crossed the line first|was first"
    r"|(?:victory|the win|the stage(?: win)?|the honours|the spoils|the title) went to"
    r"|(?:seal|seals|sealed|sealing|clinch|clinches|clinched|clinching|wrapped up|wraps up)"
    r" (?:the |her |his |a |an )?(?:[\w-]+ )?(?:title|victory|win|crown)"
    r"|completed? (?:a |an |the |his |her )?(?:[\w-]+ )?(?:hat-trick|double|treble|triple)"
    r"|(?:is|are) (?:the )?(?:new )?(?!defending|former|reigning|two-time|three-time|double)"
    r"(?:[\w'-]+ ){0,3}?champion\b(?! of the| in \d)"
    r"|finished first|first across the line)\b",
    _I,
)

VICTORY_FOR = prefiltered(
    r"\b(?:victory|win|the honours|the spoils|the stage|the title|the race)"
    r" (?:went )?(?:to|for)\s+$",
    _I,
)


OBJECT_MARKERS = prefiltered(
    r"(?:\bwith|\bbehind|\bahead of|\bfrom|\bover|\bof|\bby|\bto|\balongside|\bincluding|(?<!,) and"
    r"|\bdistanced|\bdropped|\bcaught|\bbeat|\boutsprinted|\bpassed|\bjoined|\bjoining|\bpipped"
    r"|\bleft|\bleaving|\bdropping|\bpassing|\bovertaking|\bcatching|\bdistancing|\bbeating"
    r"|\bheld off|\bedged out|\bedging out|\bthan|\bfor)\s+(?:the\s+)?$",
    _I,
)

LED_GROUP = prefiltered(
    r"\bled (?:in|home|across the line)? ?(?:the )?(?:next|chasing|second|main|first chase|"
    r"following|remnants of the)? ?(?:group|chasers|bunch|peloton)\b|\bled the (?:chasers|chase"
    r"|group|bunch|rest) home\b|\bwon the (?:sprint|gallop) (?:of|from) the (?:chasers|group"
    r"|chase group|bunch)\b",
    _I,
)

GROUP = prefiltered(
    r"\b(?:group|chasers|chase|bunch|peloton|pack|the rest|favourites)\b[^.;]{0,40}"
    r"(?:arrived|came in|came home|finished|crossed the line|rolled in|followed)\s+(?:\w+\s+)?$",
    _I,
)

SPRINT_WON_BY = prefiltered(
    r"\b(?:sprint|gallop|bunch sprint|group sprint)(?: for [\w-]+(?: place)?)? (?:was )?won by\s+",
    _I,
)

FINISHED = prefiltered(
    r"\b(?:finish(?:ed|es|ing)?|crossed the line|came (?:home|in|across)|rolled (?:in|home|across)"
    r"|arrived|(?:was|were|is|came) (?:\w+ )?(?:behind|back|down|adrift)|lost|conceded|trailed"
    r"|trailing|(?:was|were) next)\b",
    _I,
)

PODIUM3 = prefiltered(
    r"\b(?:completed|completes|completing|rounded out|rounds out|rounding out|filled out|fills out"
    r"|filling out|rounded off"
    r"|took the (?:final|last|remaining) (?:podium )?"
    r"(?:spot|place|step))\b(?: the (?:podium|top three))?",
    _I,
)

RESPECTIVELY = prefiltered(
    r"\b(" + "|".join(ORDINAL_WORDS) + r") and (" + "|".join(ORDINAL_WORDS) + r")"
    r"(?: places?)?,? respectively\b",
    _I,
)

RELEGATED = prefiltered(
    r"\b(?:was|is|were|has been|got) (?:later )?(?:relegated|declassed|downgraded)\b", _I
)

FOLLOWED_BY = prefiltered(r"\bfollowed (?:home |in )?by\b", _I)

RUNNER_UP = prefiltered(r"\brunner-?up\b|\bcame closest\b|\bsecond place\b", _I)

SPRINT_FOR = prefiltered(
    r"\bwon the (?:(?!in |at |on |after |with )[\w-]+ ){0,3}?(?:sprint|battle|fight|duel)"
    r" (?:of|for) (?:the )?(?:[\w-]+ ){0,4}?"
    r"(?:for )?(?:the )?(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|silver|bronze"
    r"|\d{1,2}(?:st|nd|rd|th))\b",
    _I,
)

MEDALS = {"silver": 2, "bronze": 3}

GC_OPENING = prefiltered(
    r"^\W*(?:in|on) the (?:final |new |overall )?(?:general classification|gc|overall standings"
    r"|standings)\b|^\W*overall,",
    re.IGNORECASE,
)

LEADS = prefiltered(
    r"\b(?:leads?|led|leading|retains? the lead|kept the lead|keeps the lead|holds? the lead"
    r"|extend(?:s|ed)? (?:his|her) lead|(?:retains?|retained|keeps?|kept|holds?|held|defends?"
    r"|defended|takes?|took|seizes?|seized|pulls? on|pulled on) (?:the |her |his )?(?:overall lead"
    r"|race lead|leader'?s jersey|(?:yellow|pink|red|ochre|green|blue|leader'?s) jersey"
    r"|maillot jaune|maglia rosa))\b(?! (?:out|the (?:sprint|chase|break|group|peloton|bunch)"
    r"|into|home|to|up))",
    _I,
)

MEDAL = prefiltered(r"\b(silver|bronze)(?: medal)?\b(?!\s+medall?ist)", _I)

STATUS = prefiltered(
    r"\b(?:(abandoned|did not finish|dnf|crashed out|withdrew|pulled out|climbed off|retired from"
    r" the race|had to retire|quit the race)|(did not start|dns|non-starter|was a non-starter)"
    r"|(disqualified|dsq|thrown out of the race|excluded from the race)|(outside the time limit|otl"
    r"|missed the time cut|eliminated|finished outside the time cut))\b",
    _I,
)

_HISTORY_WORDS = (
    r"(?:also won|had won|won (?:it|this race|the race|here) (?:in|back in)|previous"
    r"|previously|last year|last season|a year ago|in the past|former winner"
    r"|(?:a|one|two|three) (?:days?|weeks?|months?) (?:earlier|before|ago)|last (?:week|month)"
    r"|defending (?:his|her) title|won .{0,30} times|will|would|could|hopes? to|aims? to"
    r"|expects? to"
    r"|plans? to|favourite|favorite|odds|tipped|bookmakers|start list|last time|\d+/\d+)"
)

HISTORY = prefiltered(rf"\b{_HISTORY_WORDS}\b", _I)

# The strings one of which every HISTORY match holds ("/" of "3/1" too, rare in prose): a text
# without any has no part (a window of it) HISTORY can match.
_HISTORY_ANYWHERE = re.compile(_HISTORY_WORDS, _I)
HISTORY_ANYWHERE = Prefiltered(_HISTORY_ANYWHERE, required_strings(_HISTORY_ANYWHERE, shortest=1))

# A year anywhere in a text, overlapping ones too ("20252" holds "2025"): the years a part of
# the text can write.
YEAR_ANYWHERE = re.compile(r"(?=((?:19|20)\d\d))")

NEW_STORY = prefiltered(
    r"^(?:elsewhere|meanwhile,? (?:in|at|over)|in the (?:women'?s|men'?s|junior|u23|under-23)"
    r" (?:race|event|edition)|over (?:in|at) the|in other (?:racing|news)|across the border)\b",
    _I,
)

QUOTE = prefiltered(r"[\"“”][^\"“”]{2,}[\"“”]|(?<!\w)['‘][^'‘’]{12,}['’](?!\w)")

PRONOUN = prefiltered(r"\b(?:he|she)\b", _I)

DESCRIPTOR = prefiltered(
    r"^(?:The|This|That) (?:[\w'/&|.-]+ ){0,3}?(?:Frenchman"
    r"|Frenchwoman|Belgian|Dane|Dutchman|Dutchwoman"
    r"|Briton|Spaniard|Italian|Slovenian|Slovene|Colombian|Australian|American|German|Swiss|Norwegian"
    r"|Ecuadorian|Eritrean|Portuguese|Irishman|Austrian|Pole|Kazakh|Canadian|Swede|Welshman|Scot"
    r"|Englishman|Briton|Luxembourger|rider|sprinter|climber|youngster|veteran|stage winner|winner"
    r"|race winner|leader|champion|puncheur|rouleur)\b"
)

CLAUSE_START = prefiltered(r";|:(?=\s)|,\s+(?:while|whereas|but|as)\b")

CLAUSE_END = prefiltered(r";|:(?=\s)|,\s+(?:while|whereas|but)\b")

# What every match of CLAUSE_START or CLAUSE_END in any part of a text holds, in the text.
CLAUSE_MARK = re.compile(r";|:\s|,\s+(?:while|whereas|but|as)")

APPOSITIVE = prefiltered(
    r",\s+(?:the\s+|a\s+|who\s+)?(?:\d{4}\b|former|two-time|three-time|four-time|twice|\w+\s+overall"
    r"\s+last|(?:\w+\s+){0,3}(?:last year|in \d{4}))[^,;]{0,60},"
)

LOCAL_BREAK = prefiltered(r";|,\s+and\b|,\s+while\b|,\s+but\b|,\s+whereas\b")

WIN_NOW = prefiltered(
    r"\b(?:today|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b", _I
)

ANY_CUE = Alternation(
    WIN,
    ORDINAL,
    GC_WORDS,
    STATUS,
    PODIUM3,
    RUNNER_UP,
    FOLLOWED_BY,
    LEADS,
    MEDAL,
    LED_GROUP,
    FINISHED,
    RESPECTIVELY,
    re.compile(r"\d|\bsame\b|\bs\.t\b|second|minute|relegat", _I),
)

_DIGIT = re.compile(r"\d")


def has_cue(text: str) -> bool:
    """Whether a sentence has any result cue at all (ANY_CUE, the quick branches first)."""
    return has_quick_cue(text) or ANY_CUE.found_in(text)


def has_quick_cue(text: str) -> bool:
    """Whether the text holds a digit, 'second' or 'minute' (three of ANY_CUE's own branches:
    most result sentences have one), the words looked for in the folded text as IGNORECASE
    would find them, a substring test."""
    if _DIGIT.search(text):
        return True
    lowered = folded(text)
    return "second" in lowered or "minute" in lowered


CUES_AT = prefiltered(
    "|".join(p.pattern for p in (WIN, ORDINAL, STATUS, PODIUM3, RUNNER_UP, MEDAL, LEADS)),
    _I,
)

# The cues of the readers that most result sentences give nothing to read: a sentence holding
# none of their needles is not read for them (one test, not eleven).
RARE_CUES = AnyNeedle(
    LEADS,
    RESPECTIVELY,
    PODIUM3,
    SPRINT_FOR,
    FOLLOWED_BY,
    RUNNER_UP,
    MEDAL,
    STATUS,
    RELEGATED,
    SPRINT_WON_BY,
    LED_GROUP,
)

COUNTS = ["three", "four", "five", "six", "seven", "eight", "nine", "ten"]

# "the yellow jersey, Jonas Vingegaard," / ", in the pink jersey,": who someone is, not a GC cue.
JERSEY_ASIDE = prefiltered(
    r"\bthe (?:yellow|pink|red|leader'?s|ochre|green|blue) jersey,(?=\s+[A-Z])"
    r"|,\s+in the (?:yellow|pink|red|leader'?s|ochre) jersey,",
    _I,
)

# The cues read in every result sentence, run on its folded text (the same spans, quicker; the
# matches are of the folded text, so their words are read from the sentence by their spans).
WIN_FOLDED = FoldedPattern(WIN)
ORDINAL_FOLDED = FoldedPattern(ORDINAL)
FINISHED_FOLDED = FoldedPattern(FINISHED)
