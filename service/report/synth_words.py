"""The words synthetic reports are made of: invented names, the bodies of an authority, sentences, actions.

Every name here is invented (places, people, police areas); the sentences
follow the shape of the real report's without copying its findings. Each
sentence of judgement is a topic (what it is about, the body whose work it
is, its theme) and a predicate (what the report says of it), so that the
curation can say which body a finding concerns and which theme it is in.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------- invented names

PLACE_STARTS = ("Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Gar", "Hol", "Ing", "Kel", "Lind", "Mar", "Nor", "Oak",
                "Pen", "Quen", "Ros", "Sel", "Thorn", "Ul", "Ver", "Wen", "Yar", "Ab", "Brin", "Cor", "Dal", "Esk",
                "Fal", "Glen", "Hart", "Ivy", "Kin", "Low", "Mere", "Ned", "Orm", "Pry", "Rud", "Stan")
PLACE_MIDDLES = ("", "er", "ing", "en", "le", "ow", "am", "is")
PLACE_ENDS = ("wick", "ford", "ley", "bury", "ton", "mouth", "stead", "ham", "field", "borough", "dale", "combe",
              "minster", "port", "thorpe", "well", "by", "gate", "hurst", "moor", "wood", "bridge", "cross", "haven",
              "side")
COUNCIL_KINDS = ("City Council", "Borough Council", "County Council", "Metropolitan Borough Council", "Council")
POLICE_AREAS = ("Westmere", "Northvale", "Eastfold", "Southdene", "Midshire", "Coastmoor", "Highwold", "Lowland",
                "Rivermark", "Greyhill")
FIRST_NAMES = ("Alex", "Bryony", "Carys", "Dev", "Esme", "Farid", "Greta", "Hollis", "Imogen", "Jonah", "Kezia",
               "Lorcan", "Maren", "Niall", "Orla", "Priya", "Quinn", "Rhian", "Soren", "Tamsin", "Una", "Vikram")
LAST_NAMES = ("Abernethy", "Blackwood", "Carraway", "Dunmore", "Ellery", "Fairweather", "Greenhalgh", "Hartigan",
              "Isherwood", "Jessop", "Kilbride", "Lockhart", "Merriman", "Northcott", "Ottaway", "Pendleton",
              "Quarrie", "Rookwood", "Sandilands", "Thistlewood", "Underhill", "Vance")
TEAM_SIZES = ("four", "five", "six", "seven")
GRADES = ("Outstanding", "Good", "Adequate", "Inadequate")
SCALE = ("a service that significantly exceeds minimum requirements", "a service that exceeds minimum requirements",
         "a service that meets minimum requirements", "a service that does not meet minimum requirements")
TIMESCALES = ("Immediately", "Within three months", "Within six months")

# ---------------------------------------------------------------- an authority's bodies


@dataclass(frozen=True)
class Role:
    """A body every authority has, under a name it chooses from ``names``."""

    key: str
    kind: str                 # the ORG class: FormalOrganization, OrganizationalUnit, Organization, Post
    names: tuple[str, ...]    # "{place}", "{police}" and "{abbr}" are filled in
    parent: str | None = None  # the role of the body it is part of
    abbreviation: str = ""


LINKS = {"OrganizationalUnit": "unitOf", "Post": "postIn", "Organization": "subOrganizationOf"}
ROLES = (
    Role("council", "FormalOrganization", ("{name}",)),
    Role("childrens-services", "OrganizationalUnit", ("Children's services",), "council"),
    Role("social-care", "OrganizationalUnit", ("Children's social care",), "childrens-services"),
    Role("access", "OrganizationalUnit", ("Integrated access teams", "Multi-agency safeguarding hub",
                                          "Children's advice and support service", "First contact team"),
         "social-care"),
    Role("assessment", "OrganizationalUnit",
         ("First response teams", "Assessment teams", "Duty and assessment service"), "social-care"),
    Role("safeguarding-teams", "OrganizationalUnit", ("Safeguarding and support teams", "Child protection teams",
                                                      "Family safeguarding teams"), "social-care"),
    Role("early-help", "OrganizationalUnit", ("Integrated services and care division", "Early help service",
                                              "Prevention and early intervention division"), "council"),
    Role("family-support", "OrganizationalUnit", ("Integrated family support teams", "Targeted family support service",
                                                  "Family intervention teams"), "early-help"),
    Role("disabled-children", "OrganizationalUnit", ("Disabled children's service", "Children with disabilities team"),
         "childrens-services"),
    Role("dcs", "Post", ("Director of Children's Services",), "childrens-services", "DCS"),
    Role("chief-executive", "Post", ("Chief Executive",), "council"),
    Role("lead-member", "Post", ("Cabinet Member for Children's Services", "Lead Member for Children's Services",
                                 "Portfolio Holder for Children and Families"), "council"),
    Role("senior-managers", "OrganizationalUnit", ("Senior management team",), "childrens-services"),
    Role("workforce-group", "OrganizationalUnit", ("Workforce development group",), "childrens-services"),
    Role("lscb", "FormalOrganization", ("{place} Safeguarding Children Board",), None, "{abbr}"),
    Role("lscb-chair", "Post", ("Independent chair of the {abbr}",), "lscb"),
    Role("police", "FormalOrganization", ("{police} Police",)),
    Role("health", "Organization", ("Health agencies",)),
    Role("schools", "Organization", ("Schools",)),
    Role("childrens-centres", "Organization", ("Children's centres",)),
    Role("partners", "Organization", ("Partner agencies",)),
    Role("advocacy", "Organization", ("Advocacy services",)),
    Role("improvement-board", "Organization", ("Improvement board",)),
)
NATIONAL = (  # bodies every report shares: (slug, ORG class, label)
    ("ofsted", "FormalOrganization", "Ofsted"),
    ("secretary-of-state", "Post", "Secretary of State"),
    ("uk-border-agency", "FormalOrganization", "UK Border Agency"),
    ("department-for-education", "FormalOrganization", "Department for Education"),
)

# ---------------------------------------------------------------- sentences of judgement


@dataclass(frozen=True)
class Topic:
    """What a sentence judges: a noun phrase (beginning with an ordinary word), its body's role, its theme."""

    phrase: str
    plural: bool
    role: str
    theme: str
    section: str  # help, practice or leadership: the section it belongs in


TOPICS = (
    Topic("Early help for vulnerable families", False, "family-support", "early-help", "help"),
    Topic("The work of the {family-support}", False, "family-support", "early-help", "help"),
    Topic("Referrals from partner agencies", True, "partners", "referrals-and-thresholds", "help"),
    Topic("Decisions made by the {access}", True, "access", "referrals-and-thresholds", "help"),
    Topic("Information sharing between agencies", False, "partners", "information-sharing", "help"),
    Topic("Arrangements for children missing from education", True, "council", "missing-from-education", "help"),
    Topic("Services for disabled children", True, "disabled-children", "disabled-children", "help"),
    Topic("Attention to children's ethnicity, culture and language", False, "social-care", "diversity", "help"),
    Topic("Help offered by children's centres", False, "childrens-centres", "early-help", "help"),
    Topic("Work by schools to identify children at risk", False, "schools", "multi-agency-working", "help"),
    Topic("Assessments of children in need", True, "assessment", "assessment", "practice"),
    Topic("Child protection plans", True, "safeguarding-teams", "child-protection-planning", "practice"),
    Topic("Statutory visits to children subject to child protection plans", True, "safeguarding-teams", "timeliness",
          "practice"),
    Topic("The recording of the views of children and young people", False, "social-care", "voice-of-the-child",
          "practice"),
    Topic("Case recording", False, "social-care", "case-recording", "practice"),
    Topic("Plans for children in need", True, "social-care", "children-in-need", "practice"),
    Topic("Attendance by the police at child protection conferences", False, "police", "multi-agency-working",
          "practice"),
    Topic("Contributions from health agencies to assessments", True, "health", "multi-agency-working", "practice"),
    Topic("Strategic leadership of children's services", False, "council", "strategic-leadership", "leadership"),
    Topic("The oversight of safeguarding by the {lscb}", False, "lscb", "governance-and-accountability",
          "leadership"),
    Topic("The response of the Board to child sexual exploitation", False, "lscb", "sexual-exploitation",
          "leadership"),
    Topic("Performance management and quality assurance", False, "senior-managers", "performance-management",
          "leadership"),
    Topic("The recruitment and retention of social workers", False, "childrens-services", "workforce", "leadership"),
    Topic("Scrutiny of children's services by elected members", False, "lead-member",
          "governance-and-accountability", "leadership"),
)
PREDICATES = {  # finding kind -> (singular, plural) predicates
    "Weakness": (
        ("is inconsistent and too often of poor quality", "are inconsistent and too often of poor quality"),
        ("does not ensure that risks to children are identified quickly enough",
         "do not ensure that risks to children are identified quickly enough"),
        ("has not improved enough since the last inspection", "have not improved enough since the last inspection"),
        ("is not monitored well enough to show whether it helps children",
         "are not monitored well enough to show whether they help children"),
        ("varies too much between teams and areas of the authority",
         "vary too much between teams and areas of the authority"),
        ("leaves some children at risk of harm for too long", "leave some children at risk of harm for too long"),
    ),
    "Strength": (
        ("is good and well understood by staff", "are good and well understood by staff"),
        ("is effective in reducing risk for children and young people",
         "are effective in reducing risk for children and young people"),
        ("has improved well since the last inspection", "have improved well since the last inspection"),
        ("is timely and well coordinated between agencies", "are timely and well coordinated between agencies"),
    ),
    "Development": (
        ("has recently been strengthened, but this is too recent to show evidence of impact",
         "have recently been strengthened, but this is too recent to show evidence of impact"),
        ("is the subject of a new plan that is too new to evidence impact",
         "are the subject of a new plan that is too new to evidence impact"),
    ),
}
CONTEXT = (  # sentences that judge nothing
    "Inspectors looked at {n} case files and spoke to social workers, managers and partners.",
    "The council has set out its priorities for children in its plan for {year}.",
    "Demand for children's social care has risen over the last year.",
    "Managers meet partners each month to review the progress of the improvement plan.",
    "The authority serves a mix of urban and rural communities.",
    "Several teams moved to new offices during the year before the inspection.",
)

# ---------------------------------------------------------------- areas for improvement


@dataclass(frozen=True)
class ActionTemplate:
    """An area for improvement: its words, the theme of the weaknesses it answers, who does it, who supports it."""

    text: str
    theme: str
    responsible: tuple[str, ...] = ("council",)
    partners: tuple[str, ...] = ()


ACTIONS = (
    ActionTemplate("improve the quality of assessments so that they are focused on robust assessments of risk",
                   "assessment"),
    ActionTemplate("ensure that children who are subject to child protection plans receive statutory visits within "
                   "appropriate timescales", "timeliness"),
    ActionTemplate("ensure that child protection plans are specific, child focused and linked to outcomes",
                   "child-protection-planning"),
    ActionTemplate("ensure that every child in need has an assessment and a child in need plan in place",
                   "children-in-need"),
    ActionTemplate("ensure that children and families are consulted as part of child protection planning, with the "
                   "help of advocacy services where appropriate", "voice-of-the-child", ("council",), ("advocacy",)),
    ActionTemplate("ensure that case records are up to date and show the purpose of each intervention",
                   "case-recording"),
    ActionTemplate("ensure that the {lscb_abbr} reviews its arrangements for safeguarding children at risk of sexual "
                   "exploitation", "sexual-exploitation", ("lscb",)),
    ActionTemplate("ensure that the {lscb_abbr} meets all of its statutory duties and holds partners to account",
                   "governance-and-accountability", ("lscb",)),
    ActionTemplate("implement an overarching strategy for early help on a multi-agency basis, supported by the "
                   "{lscb_abbr}", "early-help", ("early-help",), ("lscb",)),
    ActionTemplate("{lscb_abbr} to review the thresholds document and ensure that all agencies understand their roles "
                   "in referral practices", "referrals-and-thresholds", ("lscb",)),
    ActionTemplate("improve the sharing of information between agencies at the point of referral",
                   "information-sharing", ("council", "partners")),
    ActionTemplate("ensure that the police attend child protection conferences or provide reports for them",
                   "multi-agency-working", ("police",)),
    ActionTemplate("strengthen performance management and quality assurance so that managers understand "
                   "acceptable practice", "performance-management", ("senior-managers",)),
    ActionTemplate("implement an effective recruitment and retention strategy for social workers", "workforce",
                   ("childrens-services",)),
    ActionTemplate("ensure coherence and connectivity between all key strategic plans for children",
                   "strategic-leadership"),
    ActionTemplate("take further action to reduce the number of children missing from education and minimise risks "
                   "to them", "missing-from-education"),
    ActionTemplate("ensure that assessments consider each child's ethnicity, culture, language and religion",
                   "diversity", ("social-care",)),
    ActionTemplate("review the short break services for disabled children so that they meet assessed needs",
                   "disabled-children", ("disabled-children",)),
)
