"""Word lists shared by race identification, mention finding and result extraction."""

from __future__ import annotations

# Ordinals, in order: ORDINAL_WORDS[n - 1] is the word for n.
ORDINAL_WORDS: tuple[str, ...] = tuple(
    (
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
        "twenty-first"
    ).split()
)

# Cardinals, in order: NUMBER_WORDS[n - 1] is the word for n.
NUMBER_WORDS: tuple[str, ...] = tuple(
    (
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty twenty-one"
    ).split()
)

# Capitalised words that open a sentence or describe a rider, never part of a name.
LEADING_STOPWORDS: tuple[str, ...] = tuple(
    (
        "The A An After On In At With But And As When While It He She His Her Their This That "
        "Then There Behind Despite Meanwhile Elsewhere Both Only Even Also Defending Former "
        "Race Stage Teammate Team-mate Compatriot Veteran Young Italian French Spanish Belgian "
        "Dutch British Danish Colombian Slovenian Australian American German Swiss Norwegian "
        "Ecuadorian Eritrean Portuguese Irish Austrian Polish Kazakh Canadian New Of For From "
        "To By Yet So Still Once Later Earlier Today Yesterday Tomorrow Overall Leader Winner "
        "Champion Sprinter Rider Climber Neither Either Nor If Although Though Since Until "
        "Before Over Under Into Onto Why What Who Where How Following Having Being Last Next "
        "First Second Third Riders Among Including Like Unlike Besides Alongside Against Around "
        "Ahead Beyond Without Within Whereas Thanks According Asked Speaking Reigning Olympic "
        "World European National Home Swede Dane Briton Colombians Kiwi Aussie Frenchman "
        "Spaniard Belgians Slovene Congratulations Well Yes No Indeed Sadly Fortunately "
        "Unfortunately Instead Dutchman Dutchwoman Frenchwoman"
    ).split()
)

# Words never part of a rider's name (races, teams, places, classifications).
NOT_NAME_WORDS: tuple[str, ...] = tuple(
    (
        "tour giro vuelta volta team stage classic classics grand prix gp premio gran "
        "championship championships cup trophy trofeo alto col colle mont monte passo cote côte "
        "muur kwaremont paterberg poggio cipressa road race national world worldtour women "
        "femmes donne dames ladies vrouwen men jersey monday tuesday wednesday thursday friday "
        "saturday sunday january february march april may june july august september october "
        "november december university street avenue country basque strade bianche ronde omloop "
        "circuit memorial criterium critérium prologue mountains points classification general "
        "gc kom uci olympics olympic games federation sport sports cycling news getty images "
        "image credit photo velo bike media group press agency racing jumbo visma ineos lotto "
        "quick-step soudal movistar cofidis astana arkea arkéa bahrain bora hansgrohe alpecin "
        "intermarche intermarché uae emirates jayco alula dsm lidl trek ef education easypost "
        "israel premier tech groupama fdj ag2r decathlon citroen citroën canyon sram sd worx "
        "protime liv fenix deceuninck ceratizit uno-x tudor q36 q36.5 total energies "
        "totalenergies burgos kern pharma caja rural euskaltel euskadi bingoal flanders "
        "wallonie wanty peloton breakaway sprint finish line summit valley village climb "
        "descent via piazza santa sant plaza corso strada rue avenida calle boulevard place "
        "arena velodrome stadium hill hills mount lake river bridge bay coast city town wins "
        "won takes took claims beats soloes solos triumphs storms powers sprints attacks "
        "crashes leads black white african asian latin arab"
    ).split()
)

# Calendar words, in order.
MONTHS: tuple[str, ...] = tuple(
    "January February March April May June July August September October November December".split()
)
WEEKDAYS: tuple[str, ...] = tuple(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
