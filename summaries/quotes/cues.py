"""Word lists for quote attribution: speech verbs, titles, ranks, pronouns, sources.

Plain data, lower-case, chosen from how wire copy and defence trade press attribute
quotes. Kept separate so the rules in ``attribution`` and ``speakers`` read as rules.
"""

from __future__ import annotations

import re
from functools import lru_cache


def wordset(words: str) -> frozenset[str]:
    """A set of lower-case words written as one space-separated string."""
    return frozenset(words.split())


_CUE_STEMS: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "writing", "written"),
    "speak": ("speak", "speaks", "spoke", "speaking"),
    "call": ("call", "calls", "called", "calling"),
    "describe": ("describe", "describes", "described", "describing"),
    "dub": ("dub", "dubs", "dubbed", "dubbing"),
    "term": ("term", "terms", "termed", "terming"),
    "quote": ("quoted",),
    "press": ("pressed",),  # "“Q?” Cotton pressed." (the noun "press" is no cue)
    "read": ("read", "reads"),
}
_REGULAR_CUES = wordset(
    "add warn insist stress note argue explain claim post announce declare confirm urge "
    "acknowledge admit concede vow pledge continue reply respond suggest caution emphasise "
    "emphasize remark observe state tweet comment recall assert maintain predict promise "
    "boast complain lament reiterate repeat question ask answer agree counter retort "
    "recount exclaim joke whisper shout declare affirm allege charge contend concur "
    "disclose reveal report indicate signal mention point murmur quip conclude testify "
    "elaborate clarify highlight underline underscore welcome hail condemn criticise "
    "criticize denounce praise demand inform opine muse beam gush scoff chime sigh "
    "fume rail assure bark"
)


def _inflect(verb: str) -> tuple[str, ...]:
    if verb.endswith("e"):
        past, ing = verb + "d", verb[:-1] + "ing"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        past, ing = verb[:-1] + "ied", verb + "ing"
    elif verb in {"admit", "commit"}:
        past, ing = verb + "ted", verb + "ting"
    else:
        past, ing = verb + "ed", verb + "ing"
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z")) else verb + "s"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        third = verb[:-1] + "ies"
    return (verb, third, past, ing)


def _cue_words() -> frozenset[str]:
    words: set[str] = set()
    for forms in _CUE_STEMS.values():
        words.update(forms)
    for verb in _REGULAR_CUES:
        words.update(_inflect(verb))
    return frozenset(words)


CUE_VERBS = _cue_words()
# Cue verbs that introduce a partial quote as a label ("what he called a 'shift'").
LABEL_VERBS = frozenset(
    _CUE_STEMS["call"] + _CUE_STEMS["describe"] + _CUE_STEMS["dub"] + _CUE_STEMS["term"]
)
# Words that look like cue verbs but, after a quote, usually are not attributions.
WEAK_CUES = frozenset({"state", "states", "point", "points", "charge", "charges", "question"})

AUXILIARIES = wordset(
    "has have had was were is are will would could can may might must did does do "
    "also later then once previously earlier recently repeatedly separately further "
    "again simply only already just reportedly publicly privately firmly bluntly flatly "
    "quickly immediately subsequently afterwards finally last never not even still "
    "has been being be been went on go goes had been"
)

PRONOUNS: dict[str, str] = {
    "he": "m",
    "she": "f",
    "they": "p",
    "it": "n",
    "we": "p",
    "i": "x",
    "you": "x",
    "one": "x",
    "who": "x",
}
MALE_WORDS = frozenset({"he", "his", "him", "himself"})
FEMALE_WORDS = frozenset({"she", "her", "hers", "herself"})

HONOURS = wordset(
    "sir dame lord lady baron baroness earl duke prince princess king queen rt hon "
    "honourable right mr mrs ms miss mx dr prof professor rev reverend sheikh"
)
MALE_HONOURS = wordset("sir lord baron earl duke prince king mr sheikh")
FEMALE_HONOURS = wordset("dame lady baroness princess queen mrs ms miss")

RANK_WORDS = wordset(
    "gen general lt lieut lieutenant col colonel maj major brig brigadier capt captain "
    "cmdr cdr commander adm admiral vice rear air chief marshal vice-admiral "
    "rear-admiral sgt sergeant cpl corporal pte private staff warrant officer wing "
    "squadron group leader flight field commodore ensign cadet spc specialist "
    "lance petty seaman airman sub first second master gunnery class pfc ens "
    "vice-marshal air-vice-marshal lieutenant-general major-general lieutenant-colonel "
    "snr sqn ldr wg flt gp cmdre cpt"
)
# Capitalised words that name an office; a name that follows them is the holder.
ROLE_WORDS = wordset(
    "secretary minister president premier chancellor chief chair chairman chairwoman "
    "chairperson head director spokesperson spokesman spokeswoman ambassador envoy "
    "commissioner governor mayor senator sen rep representative congressman "
    "congresswoman deputy undersecretary under-secretary foreign defence defense prime "
    "state general vice attorney lawmaker mp mep leader commander commandant "
    "ceo cfo coo executive officer founder analyst researcher fellow professor "
    "editor correspondent colonel admiral army navy official adviser advisor "
    "counsellor counselor special permanent shadow junior armed forces veterans "
    "procurement industry home interior foreign security national nato un eu us uk "
    "of for the and high representative coordinator director-general secretary-general "
    "pope king queen prince emperor sultan emir crown assistant acting principal press "
    "policy affairs operations space cyber logistics acquisition sustainment research "
    "engineering intelligence strategy plans programs programmes technology innovation "
    "readiness personnel reserve relations international public legislative budget "
    "finance comptroller communications boss"
)
DOCUMENTS = frozenset(
    [
        "statement",
        "statements",
        "release",
        "report",
        "post",
        "tweet",
        "letter",
        "memo",
        "readout",
        "communique",
        "communiqué",
        "announcement",
        "notice",
        "bulletin",
        "update",
        "filing",
        "document",
        "message",
    ]
)

PERSON_NOUNS = wordset(
    "spokesperson spokesman spokeswoman spokespeople official officials source sources "
    "diplomat diplomats officer officers analyst analysts aide aides adviser advisers "
    "advisor advisors commander commanders person people member members soldier soldiers "
    "pilot pilots resident residents expert experts insider insiders executive executives "
    "boss bosses manager managers "
    "lawmaker lawmakers mp mps minister ministers representative representatives "
    "negotiator negotiators engineer engineers worker workers veteran veterans "
    "witness witnesses observer observers researcher researchers lawyer lawyers "
    "employee employees staffer staffers fighter fighters marine marines sailor "
    "sailors general generals admiral admirals colonel major captain sergeant "
    "secretary president chief director ambassador envoy governor mayor leader "
    "inspector investigator investigators commentator critic critics planner planners "
    "figure figures voter voters supporter supporters delegate delegates activist "
    "activists ally allies strategist strategists pollster pollsters consultant "
    "consultants attorney attorneys professor professors student students candidate "
    "candidates donor donors organiser organisers organizer organizers chairman "
    "chairwoman founder editor editors columnist columnists reporter reporters "
    "journalist journalists author authors writer writers historian historians "
    "economist economists scientist scientists scholar scholars operative operatives "
    "lobbyist lobbyists entrepreneur businessman businesswoman owner owners farmer "
    "farmers teacher teachers nurse nurses doctor doctors pastor priest rabbi imam "
    "activist campaigner campaigners protester protesters protestor protestors "
    "host hosts anchor commentators volunteer volunteers fundraiser fundraisers "
    "senator senators congressman congresswoman governor governors judge judges"
)
ORG_WORDS = wordset(
    "ministry department kremlin pentagon office command army navy force forces "
    "government agency council commission alliance company companies firm group "
    "corporation corp inc ltd plc llc systems industries dynamics aerospace "
    "defence-industries embassy parliament congress senate committee union "
    "administration cabinet headquarters hq staff service services guard corps "
    "directorate authority authorities regiment battalion brigade division fleet "
    "squadron unit units organisation organization institute university "
    "foundation centre center bureau police court tribunal secretariat delegation "
    "statement team party campaign club board mission report document review letter memo "
    "readout communique declaration website blog channel military militia rebels "
    "movement coalition regime"
)
KNOWN_ORGS = wordset(
    "nato kremlin pentagon mod dod whitehall downing street white house eu un "
    "osce otan fbi cia nsa gchq mi5 mi6 darpa idf hamas hezbollah houthis taliban "
    "wagner bae lockheed raytheon rtx boeing airbus thales rheinmetall leonardo saab "
    "kongsberg mbda northrop grumman babcock qinetiq hanwha elbit rafael anduril "
    "palantir rosoboronexport rostec gazprom reuters tass ria interfax xinhua ap afp "
    "bbc cnn ukrinform zvezda"
)
PLACES = wordset(
    "russia ukraine china britain uk us usa america france germany poland israel iran "
    "moscow kyiv kiev beijing washington london paris berlin warsaw tehran brussels "
    "taiwan taipei japan tokyo india pakistan turkey ankara nato europe belarus minsk "
    "north korea pyongyang seoul south canada ottawa australia canberra sweden finland "
    "norway denmark estonia latvia lithuania italy rome spain madrid greece athens "
    "netherlands hague the syria damascus iraq baghdad yemen gaza lebanon egypt cairo "
    "saudi arabia riyadh qatar doha emirates jordan georgia moldova serbia hungary "
    "romania bulgaria czech slovakia austria switzerland ireland scotland wales "
    "westminster european western eastern "
    # US states, and the abbreviations of them that cannot be read as a name
    "alabama alaska arizona arkansas california colorado connecticut delaware florida "
    "hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland "
    "massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio "
    "oklahoma oregon pennsylvania tennessee texas utah vermont virginia wisconsin wyoming "
    "ala ariz ark calif colo conn fla ill kan ky md mass mich minn mont neb nev okla "
    "tenn tex vt wis wyo "
    "mexico cuba venezuela brazil argentina chile colombia peru afghanistan libya "
    "chicago boston houston dallas philadelphia atlanta miami denver seattle detroit "
    "cleveland phoenix manhattan brooklyn iowa"
)
# Words that make a capitalised run a place ("Lee County", "Aral Sea", "Fort Pierce").
PLACE_HEADS = wordset(
    "county sea ocean river island islands valley city province region peninsula gulf "
    "strait bay lake mountains desert tower towers building plaza square airport base"
)
PLACE_PREFIXES = wordset("fort mount lake port cape")
MULTIWORD_PLACES = frozenset(
    {
        "united states",
        "united kingdom",
        "united nations",
        "european union",
        "european commission",
        "white house",
        "downing street",
        "north korea",
        "south korea",
        "saudi arabia",
        "new zealand",
        "south china sea",
        "black sea",
        "red sea",
        "baltic sea",
        "middle east",
        "czech republic",
        "united arab emirates",
        "north atlantic",
        "indo-pacific",
        "high north",
        "new hampshire",
        "new jersey",
        "new mexico",
        "new york",
        "north carolina",
        "north dakota",
        "south carolina",
        "south dakota",
        "west virginia",
        "rhode island",
        "las vegas",
        "los angeles",
        "san francisco",
        "san diego",
        "new orleans",
        "salt lake city",
        "capitol hill",
        "wall street",
        "silicon valley",
        "n.h",
        "n.j",
        "n.y",
        "n.c",
        "s.c",
    }
)
# Capitalised words that start sentences or clauses and are never part of a name.
CLAUSE_WORDS = wordset(
    "but and or so yet however meanwhile still separately later earlier now today "
    "yesterday tomorrow then also in on at as after before while when where if though "
    "although because since during for with without by from of to asked speaking "
    "addressing writing responding referring commenting the a an this that these those "
    "his her their its our my your it he she they we i you there here what which who "
    "whom whose how why last next first second finally instead indeed moreover "
    "furthermore nevertheless nonetheless thus therefore overall elsewhere across "
    "under over between among amid following despite according monday tuesday "
    "wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december one two three several many some "
    "both all each every another other such not no only even just"
)
NAME_PARTICLES = wordset("von van der den de del della di da du la le al el bin ibn ben")
NAME_SUFFIXES = wordset("jr jr. sr sr. ii iii iv")

MALE_NAMES = wordset(
    "mark john james ben grant michael david peter pete lloyd joe donald vladimir "
    "volodymyr sergei sergey dmitry dmitri andrei andriy oleksandr oleksii rustem "
    "valery valerii kyrylo mykhailo olaf boris friedrich emmanuel keir rishi tony "
    "richard patrick nick nicholas jens antony tom thomas william bill robert bob "
    "charles chuck kevin paul stephen steven simon andrew alex alexander jeremy "
    "alistair luke liam matthew mike christopher chris daniel dan george jack harry "
    "henry edward ed frank gary ian jim jonathan kenneth ken mohammed muhammad ali "
    "ahmed hassan yoav benjamin bibi isaac recep xi li wang zhang lee kim yoon "
    "narendra rajnath shehbaz anthony jake marco jd mitch chuck hakeem kurt lindsey "
    "rob roger sean scott tim timothy ryan adam aaron carlos pedro pablo luis jose "
    "giorgio guido pedro radoslaw wladyslaw andrzej donald mateusz kristian ulf pal "
    "hans jurgen wolfgang karl klaus heinz lars anders mette-s magnus jonas gabrielius "
    "edgars gitanas alar dick gordon colin graham howard hugh keith malcolm martin "
    "neil nigel oliver philip phil rory rupert sebastian stuart wes alan dominic "
    "sergio mario francesco giuseppe sebastien jean pierre francois michel gerard "
    "yves bruno sanjay raj vikram sam samuel joshua josh eric erik brian bryan brad "
    "dale dean doug douglas greg gregory jeff jeffrey jerry larry randy ronald ron "
    "terry todd troy victor walter warren wayne zelensky"
)
FEMALE_NAMES = wordset(
    "kaja ursula annalena giorgia theresa liz elizabeth margaret angela hillary "
    "kamala nancy maria anna anne ann sarah sara emma emily olivia sophie julia julie "
    "catherine kate katherine kathleen karen kristi tulsi nikki susan suzanne jane "
    "janet jennifer jessica helen hannah laura lisa louise lucy mary michelle natalie "
    "rachel rebecca ruth samantha sandra sharon stephanie victoria wendy yvette "
    "priti penny rachel lilia iryna olena yulia yuliia oksana svetlana tatiana natalia "
    "maia mette sanna magdalena ingrid ylva elisabeth alice claire charlotte "
    "christine christina diane donna eva hanna heidi ilze jutta kristina marie "
    "martina monica nadia petra rita sylvie valerie veronique agnieszka beata "
    "ewa katarzyna marta dorota joanna tsai hsiao mai chrystia melanie mona nina "
    "shirley tamara tracy vanessa zoe lauren megan amy amanda andrea angelina "
    "caroline cheryl deborah denise gillian jacqueline joan judith linda lorraine "
    "lynn marion miriam pamela patricia paula rosemary shabana bridget emily"
)

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ][\w'’.\-]*")


ABBREVIATIONS = wordset(
    "gen lt col maj brig capt cmdr cdr adm mr mrs ms dr st no sgt cpl rep sen gov rev "
    "prof jr sr inc ltd co corp vs lieut sec dept govt pte hon rt mt ft snr sqn ldr wg flt gp "
    "cmdre cpt spc pfc"
)


@lru_cache(maxsize=65536)
def trim_token(token: str) -> str:
    """Drop a sentence-final full stop from a token, keeping "Gen." and initials."""
    sentence_final = token.endswith(".") and len(token) > 2 and "." not in token[:-1]
    if sentence_final and token[:-1].lower() not in ABBREVIATIONS:
        return token[:-1]
    return token


@lru_cache(maxsize=65536)
def bare(word: str) -> str:
    """Lower-case ``word`` without a trailing full stop or possessive ending."""
    w = word.lower().rstrip(".")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    return w


def words(text: str) -> list[str]:
    return _WORD.findall(text)
