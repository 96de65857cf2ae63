"""The benchmark's built-in vocabulary (data only; bench/text.py turns it into listings).

Lists are ordered roughly from common to rare: text.py draws from them with Zipf-like weights by
position, so the first words of a list turn up in many listings and the last in few. Nothing here
may contain one of the controlled search words of text.SEARCH_QUERIES (text.py checks it).
"""

from __future__ import annotations

# fmt: off
# Per cause: what a role is about (title phrases the tagging rules recognise), who it serves, and
# the labels a source might file it under (feed categories).
CAUSES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "advocacy-human-rights": (
        ("human rights research", "campaign letters", "prison reform casework", "anti-trafficking outreach",
         "freedom of expression monitoring", "civil liberties helpline"),
        ("detainees", "human rights defenders", "survivors of trafficking"),
        ("Human Rights", "Advocacy", "advocacyAndHumanRights"),
    ),
    "animals": (
        ("animal shelter care", "dog walking", "cat socialising", "wildlife rescue", "horse sanctuary chores",
         "pet food drive"),
        ("rescued dogs", "shelter cats", "injured wildlife"),
        ("Animals", "Animal Welfare", "animals"),
    ),
    "arts-culture": (
        ("museum guiding", "community theatre", "mural painting", "music workshops", "gallery stewarding",
         "festival production"),
        ("local artists", "museum visitors", "young musicians"),
        ("Arts & Culture", "Museums", "artsAndCulture"),
    ),
    "children-youth": (
        ("youth mentoring", "after-school club", "homework help", "summer camp", "youth club sessions",
         "scout leadership"),
        ("teens", "young people", "primary school children", "care leavers"),
        ("Children & Youth", "Youth / Mentoring", "childrenAndYouth"),
    ),
    "civic-engagement": (
        ("voter registration", "civic education", "town hall outreach", "election observation",
         "policy research", "participatory budgeting"),
        ("first-time voters", "local residents", "neighbourhood councils"),
        ("Civic Engagement", "Politics", "politics"),
    ),
    "community": (
        ("community centre", "neighbourhood association", "repair cafe", "community garden",
         "board of trustees", "village hall events"),
        ("neighbours", "local families", "community groups"),
        ("Community", "Community Development", "community"),
    ),
    "crisis-mental-health": (
        ("crisis line listening", "mental health peer support", "suicide prevention", "wellbeing calls",
         "bereavement support", "crisis text line"),
        ("people in crisis", "callers", "young adults in distress"),
        ("Mental Health", "Crisis Support", "crisisSupport"),
    ),
    "disability": (
        ("accessibility testing", "sign language support", "adaptive sports", "wheelchair accessibility audit",
         "easy read editing", "disability advocacy"),
        ("disabled adults", "deaf students", "people with learning disabilities"),
        ("Disability", "Accessibility", "disabled"),
    ),
    "disaster-relief": (
        ("disaster response", "flood relief", "emergency shelter", "disaster mapping", "wildfire recovery",
         "first aid cover"),
        ("flood survivors", "displaced families", "emergency responders"),
        ("Disaster Relief", "Emergency Response", "disasterRelief"),
    ),
    "education-literacy": (
        ("English tutor", "literacy tutoring", "reading buddy", "maths tutoring", "adult education",
         "conversation practice", "homework club", "STEM workshops"),
        ("adult learners", "students", "pupils", "early readers"),
        ("Education", "Literacy", "educationAndLiteracy"),
    ),
    "employment": (
        ("CV review", "job coaching", "mock interviews", "career mentoring", "digital skills for work",
         "employment workshop"),
        ("jobseekers", "career changers", "young graduates"),
        ("Employment", "Careers", "employment"),
    ),
    "environment": (
        ("tree planting", "beach clean", "climate action", "river cleanup", "wildlife survey",
         "composting workshop", "habitat restoration", "recycling drive"),
        ("local parks", "coastal communities", "urban green spaces"),
        ("Environment", "Climate", "environment"),
    ),
    "faith-based": (
        ("church outreach", "interfaith dialogue", "parish visiting", "mosque food hall", "temple kitchen",
         "faith community support"),
        ("congregations", "parishioners", "faith groups"),
        ("Faith", "Religion", "religion"),
    ),
    "health-medicine": (
        ("hospital volunteer", "patient transport", "blood drive", "health screening", "vaccination clinic",
         "hospice support"),
        ("patients", "hospital visitors", "carers"),
        ("Health", "Medicine", "healthAndMedicine"),
    ),
    "homelessness-housing": (
        ("homeless shelter", "housing advice", "night shelter", "street outreach", "tenancy support",
         "winter shelter"),
        ("people sleeping rough", "tenants", "homeless families"),
        ("Homelessness", "Housing", "homelessAndHousing"),
    ),
    "hunger": (
        ("food bank", "meal delivery", "soup kitchen", "community fridge", "food rescue", "school breakfast club"),
        ("families in need", "older neighbours", "low-income households"),
        ("Hunger", "Food Security", "hunger"),
    ),
    "immigrants-refugees": (
        ("refugee support", "asylum casework", "resettlement support", "language cafe", "migrant helpline",
         "welcome circle"),
        ("refugees", "asylum seekers", "newly arrived families", "refugee teens"),
        ("Refugees", "Immigrants & Refugees", "immigrantsAndRefugees"),
    ),
    "international-development": (
        ("international development", "microfinance research", "water and sanitation project",
         "global health programme", "fair trade campaign", "development research"),
        ("partner organisations", "rural cooperatives", "field teams"),
        ("International", "Development", "international"),
    ),
    "justice-legal": (
        ("legal aid clinic", "court support", "tenant rights advice", "pro bono casework",
         "restorative justice", "appropriate adult"),
        ("defendants", "tenants facing eviction", "people on probation"),
        ("Legal Aid", "Justice", "justiceAndLegal"),
    ),
    "lgbtq": (
        ("LGBTQ youth support", "pride event crew", "queer community helpline", "trans support group",
         "LGBT history project", "pride outreach"),
        ("LGBTQ young people", "trans adults", "queer elders"),
        ("LGBTQ+", "Pride", "gayLesbianBiTrans"),
    ),
    "media-communications": (
        ("community radio", "newsletter editing", "podcast production", "local journalism",
         "press office support", "video storytelling"),
        ("listeners", "readers", "local newsrooms"),
        ("Media", "Communications", "mediaAndBroadcasting"),
    ),
    "poverty": (
        ("anti-poverty campaign", "benefits advice", "debt advice", "welfare rights", "fuel poverty outreach",
         "cost of living support"),
        ("low-income families", "people in debt", "benefit claimants"),
        ("Poverty", "Poverty Alleviation", "Welfare"),
    ),
    "racial-equity": (
        ("racial justice", "anti-racism workshop", "diversity and inclusion", "black history month",
         "racial equity research", "minority ethnic outreach"),
        ("communities of colour", "minority ethnic groups", "young black leaders"),
        ("Racial Equity", "Race & Ethnicity", "raceAndEthnicity"),
    ),
    "science-research": (
        ("citizen science", "species identification", "bird count", "galaxy classification",
         "transcription of archives", "water quality sampling"),
        ("researchers", "ecologists", "astronomers"),
        ("Citizen Science", "Science", "Research"),
    ),
    "seniors": (
        ("befriending calls", "older people", "dementia cafe", "care home visits", "digital help for seniors",
         "lunch club for older people"),
        ("older adults", "isolated seniors", "people living with dementia"),
        ("Seniors", "Older People", "seniors"),
    ),
    "sports-recreation": (
        ("football coaching", "parkrun marshal", "swimming lessons", "youth sports", "walking group",
         "cycling club"),
        ("junior teams", "runners", "young athletes"),
        ("Sports", "Recreation", "sportsAndRecreation"),
    ),
    "technology": (
        ("digital inclusion", "web development", "IT support", "coding club", "digital skills", "open source"),
        ("older learners online", "small charities", "digitally excluded people"),
        ("Technology", "Digital Inclusion", "computersAndTechnology"),
    ),
    "veterans-military": (
        ("veterans support", "military families", "veterans breakfast club", "armed forces outreach",
         "service leavers mentoring", "veterans helpline"),
        ("veterans", "service leavers", "military spouses"),
        ("Veterans", "Military Families", "veteransAndMilitaryFamilies"),
    ),
    "women-gender": (
        ("women's refuge", "domestic abuse support", "girls coding club", "women's health", "maternity support",
         "gender equality campaign"),
        ("women", "girls", "new mothers"),
        ("Women", "Gender Equality", "women"),
    ),
}

# Skill slug -> a phrase that names it in a listing.
SKILLS: dict[str, str] = {
    "writing": "copywriting", "translation": "translation", "design": "graphic design",
    "software-development": "software development", "data-analysis": "data analysis", "tutoring": "tutoring",
    "mentoring": "mentoring", "counselling": "counselling", "legal": "legal advice", "medical": "first aid",
    "marketing": "marketing", "social-media": "social media", "fundraising": "fundraising",
    "research": "desk research", "transcription": "transcription", "mapping": "mapping",
    "accessibility-testing": "accessibility testing", "project-management": "project management",
    "finance-accounting": "bookkeeping", "photo-video": "photography", "event-planning": "event planning",
    "administration": "administration", "hr-recruiting": "recruitment", "it-support": "IT support",
    "public-speaking": "public speaking",
}

ROLES = (
    "volunteer", "tutor", "mentor", "coordinator", "assistant", "helper", "befriender", "driver", "coach",
    "translator", "designer", "developer", "researcher", "writer", "editor", "organiser", "ambassador",
    "fundraiser", "host", "guide", "steward", "caller", "reader", "listener", "advisor", "trainer",
    "facilitator", "photographer", "campaigner", "caseworker", "analyst", "moderator", "marshal",
    "trustee", "buddy", "greeter", "cook", "gardener", "handyperson", "storyteller",
)
MODES = ("Remote", "Online", "Virtual", "In-person", "Hybrid", "Weekend", "Evening", "Flexible",
         "Part-time", "Short-term", "Weekly", "Home-based")
TITLE_OPENERS = ("Volunteer", "Help with", "Join our", "Support", "Lead", "Be a", "Become a", "Wanted:")

ORG_ADJECTIVES = (
    "Bright", "Open", "Green", "Northern", "Southern", "Eastern", "Western", "Blue", "Golden", "Silver",
    "Kind", "Brave", "Common", "United", "Hopeful", "Quiet", "Rising", "Shared", "Steady", "Little",
    "Grand", "First", "Free", "Good", "Wild", "True", "Clear", "Warm", "Harbour", "River", "Valley",
    "Highland", "Coastal", "Urban", "Rural", "Global", "Local", "Helping", "Lantern", "Oak", "Willow",
    "Cedar", "Maple", "Rowan", "Hazel", "Birch", "Elm", "Linden", "Juniper", "Heather", "Meadow",
    "Stone", "Iron", "Crystal", "Amber", "Coral", "Ivory", "Scarlet", "Indigo", "Saffron", "Emerald",
    "Morning", "Evening", "Summer", "Winter", "Spring", "Autumn", "North Star", "Southern Cross",
    "Open Door", "Second Chance", "New Leaf", "Fresh Start", "Safe Harbour", "Common Ground", "Kindred",
    "Lumen", "Sol", "Luna", "Aurora", "Horizon", "Compass", "Beacon", "Anchor", "Bridge", "Keystone",
)
ORG_NOUNS = (
    "Literacy", "Futures", "Hands", "Hearts", "Minds", "Voices", "Roots", "Paths", "Steps", "Wings",
    "Neighbours", "Friends", "Families", "Communities", "Gardens", "Kitchens", "Libraries", "Rivers",
    "Forests", "Oceans", "Skies", "Fields", "Streets", "Homes", "Schools", "Youth", "Elders", "Care",
    "Learning", "Health", "Housing", "Food", "Water", "Climate", "Wildlife", "Arts", "Music", "Sport",
    "Tech", "Data", "Maps", "Justice", "Rights", "Peace", "Hope", "Light", "Unity", "Welcome",
    "Shelter", "Harvest", "Table", "Circle", "Commons", "Village", "City", "Coast", "Valley", "Hills",
)
ORG_KINDS = (
    "Trust", "Foundation", "Network", "Collective", "Alliance", "Project", "Society", "Centre",
    "Initiative", "Association", "Partnership", "Fund", "Club", "Coalition", "Cooperative", "Charity",
    "Institute", "Lab", "Mission", "Programme", "Hub", "Union", "Guild", "Forum",
)
ORG_FOREIGN = (
    ("Fundación", "es"), ("Asociación", "es"), ("Asociación Civil", "es"), ("Association", "fr"),
    ("Les Amis de", "fr"), ("Collectif", "fr"), ("Verein", "de"), ("Stiftung", "de"), ("Initiative", "de"),
    ("Associação", "pt"), ("Instituto", "pt"), ("Fundação", "pt"),
)
ORG_FOREIGN_NOUNS = (
    "la Esperanza", "el Sol", "Luz del Sur", "Manos Unidas", "Tierra Viva", "la Forêt", "la Mer",
    "Solidarité", "Entraide", "l'Éducation", "Zukunft", "Brücke", "Nachbarschaft", "Lernbrücke",
    "Grünes Herz", "Mãos Dadas", "Esperança", "Educação Viva", "Água Limpa", "Semear", "Raízes",
    "Cœur Ouvert", "Künstlerhilfe", "Niños del Mañana", "Vida Digna", "Océano", "Montaña Verde",
)
LEGAL_SUFFIXES = ("", "", "", "", "", "", "Ltd.", "Inc.", "CIC", "e.V.", "gGmbH", "ASBL", "A.C.", "CIO")

# Places: (city, region, ISO country, IANA timezone).
PLACES = (
    ("London", "England", "GB", "Europe/London"), ("Manchester", "England", "GB", "Europe/London"),
    ("Glasgow", "Scotland", "GB", "Europe/London"), ("Cardiff", "Wales", "GB", "Europe/London"),
    ("Belfast", "Northern Ireland", "GB", "Europe/London"), ("Dublin", "Leinster", "IE", "Europe/Dublin"),
    ("Cork", "Munster", "IE", "Europe/Dublin"), ("New York", "NY", "US", "America/New_York"),
    ("Chicago", "IL", "US", "America/Chicago"), ("Austin", "TX", "US", "America/Chicago"),
    ("Denver", "CO", "US", "America/Denver"), ("Seattle", "WA", "US", "America/Los_Angeles"),
    ("Oakland", "CA", "US", "America/Los_Angeles"), ("Atlanta", "GA", "US", "America/New_York"),
    ("Boston", "MA", "US", "America/New_York"), ("Toronto", "ON", "CA", "America/Toronto"),
    ("Montréal", "QC", "CA", "America/Toronto"), ("Vancouver", "BC", "CA", "America/Vancouver"),
    ("Québec", "QC", "CA", "America/Toronto"), ("Sydney", "NSW", "AU", "Australia/Sydney"),
    ("Melbourne", "VIC", "AU", "Australia/Melbourne"), ("Auckland", "Auckland", "NZ", "Pacific/Auckland"),
    ("Paris", "Île-de-France", "FR", "Europe/Paris"), ("Lyon", "Auvergne-Rhône-Alpes", "FR", "Europe/Paris"),
    ("Marseille", "Provence-Alpes-Côte d'Azur", "FR", "Europe/Paris"), ("Genève", "Genève", "CH", "Europe/Zurich"),
    ("Zürich", "Zürich", "CH", "Europe/Zurich"), ("Berlin", "Berlin", "DE", "Europe/Berlin"),
    ("München", "Bayern", "DE", "Europe/Berlin"), ("Köln", "Nordrhein-Westfalen", "DE", "Europe/Berlin"),
    ("Hamburg", "Hamburg", "DE", "Europe/Berlin"), ("Wien", "Wien", "AT", "Europe/Vienna"),
    ("Madrid", "Comunidad de Madrid", "ES", "Europe/Madrid"), ("Barcelona", "Cataluña", "ES", "Europe/Madrid"),
    ("Málaga", "Andalucía", "ES", "Europe/Madrid"), ("València", "Comunitat Valenciana", "ES", "Europe/Madrid"),
    ("Lisboa", "Lisboa", "PT", "Europe/Lisbon"), ("Porto", "Porto", "PT", "Europe/Lisbon"),
    ("São Paulo", "SP", "BR", "America/Sao_Paulo"), ("Belém", "PA", "BR", "America/Belem"),
    ("Bogotá", "Cundinamarca", "CO", "America/Bogota"), ("Medellín", "Antioquia", "CO", "America/Bogota"),
    ("Ciudad de México", "CDMX", "MX", "America/Mexico_City"), ("Lima", "Lima", "PE", "America/Lima"),
    ("Buenos Aires", "CABA", "AR", "America/Argentina/Buenos_Aires"), ("Santiago", "RM", "CL", "America/Santiago"),
    ("Kraków", "Małopolskie", "PL", "Europe/Warsaw"), ("Praha", "Praha", "CZ", "Europe/Prague"),
    ("Amsterdam", "Noord-Holland", "NL", "Europe/Amsterdam"), ("Bruxelles", "Bruxelles", "BE", "Europe/Brussels"),
    ("København", "Hovedstaden", "DK", "Europe/Copenhagen"), ("Reykjavík", "Höfuðborgarsvæðið", "IS", "Atlantic/Reykjavik"),
    ("Nairobi", "Nairobi", "KE", "Africa/Nairobi"), ("Kampala", "Central", "UG", "Africa/Kampala"),
    ("Accra", "Greater Accra", "GH", "Africa/Accra"), ("Lagos", "Lagos", "NG", "Africa/Lagos"),
    ("Cape Town", "Western Cape", "ZA", "Africa/Johannesburg"), ("Mumbai", "Maharashtra", "IN", "Asia/Kolkata"),
    ("Bengaluru", "Karnataka", "IN", "Asia/Kolkata"), ("Manila", "NCR", "PH", "Asia/Manila"),
    ("Singapore", "Singapore", "SG", "Asia/Singapore"), ("Tokyo", "Tokyo", "JP", "Asia/Tokyo"),
)
REMOTE_COUNTRIES = ("US", "GB", "CA", "AU", "IE", "NZ", "DE", "FR", "ES", "PT", "BR", "MX", "IN", "KE", "ZA")
LANGUAGES = ("en", "en", "en", "en", "en", "en", "es", "fr", "de", "pt")

COMMITMENTS = (
    "One hour a week", "Two hours a week", "A few hours a month", "Weekly, for six months",
    "One evening a week", "Saturday mornings", "Flexible, about three hours a week",
    "A one-off day", "Two shifts a month", "Ten hours in total", "Term time only", "Ongoing, as you can",
)

# Nouns with no plural of their own ("skills", "staff") and irregular ones.
PLURALS = {
    "child": "children", "person": "people", "people": "people", "skills": "skills", "staff": "staff",
    "feedback": "feedback", "work": "work", "equipment": "equipment", "gear": "gear", "wellbeing": "wellbeing",
    "kindness": "kindness", "humour": "humour", "patience": "patience", "attention": "attention",
    "English": "English", "maths": "maths", "science": "science", "history": "history", "music": "music",
    "art": "art", "data": "data", "software": "software", "code": "code", "clothing": "clothing",
    "health": "health", "care": "care", "safety": "safety", "nature": "nature", "climate": "climate",
    "weather": "weather", "water": "water", "energy": "energy", "soil": "soil", "poverty": "poverty",
    "hunger": "hunger", "homelessness": "homelessness", "loneliness": "loneliness", "isolation": "isolation",
    "grief": "grief", "stress": "stress", "anxiety": "anxiety", "recovery": "recovery", "addiction": "addiction",
    "therapy": "therapies", "medicine": "medicine", "heritage": "heritage", "culture": "cultures",
    "equality": "equality", "inclusion": "inclusion", "diversity": "diversity", "access": "access",
    "dignity": "dignity", "fairness": "fairness", "respect": "respect", "trust": "trust", "confidence": "confidence",
    "accuracy": "accuracy", "quality": "quality", "citizenship": "citizenship", "peace": "peace", "thanks": "thanks",
    "paper": "paper", "stock": "stock", "supply": "supplies", "litter": "litter", "waste": "waste",
    "plastic": "plastic", "recycling": "recycling", "compost": "compost", "paint": "paint", "bread": "bread",
    "tea": "tea", "coffee": "coffee", "fruit": "fruit", "soup": "soup", "insurance": "insurance",
    "travel": "travel", "growth": "growth", "progress": "progress", "value": "values", "induction": "inductions",
    "training": "training", "experience": "experience", "support": "support", "help": "help",
}
# Everyday English, most common first. Nouns and verbs are also inflected by text.py.
NOUNS = (
    "volunteer", "team", "community", "people", "time", "week", "role", "support", "project", "work",
    "organisation", "group", "training", "experience", "skills", "day", "hour", "month", "year",
    "session", "place", "need", "family", "child", "school", "home", "service", "program", "event",
    "person", "friend", "area", "resource", "opportunity", "activity", "charity", "member", "staff",
    "partner", "impact", "change", "future", "idea", "plan", "task", "goal", "question", "answer",
    "story", "voice", "world", "city", "town", "village", "neighbourhood", "street", "centre", "office",
    "library", "park", "garden", "kitchen", "hall", "room", "space", "table", "phone", "call",
    "email", "message", "letter", "report", "document", "form", "list", "record", "file", "website",
    "computer", "laptop", "tablet", "camera", "video", "photo", "map", "book", "guide", "manual",
    "meeting", "workshop", "class", "course", "lesson", "club", "fair", "festival", "market", "campaign",
    "appeal", "donation", "fund", "budget", "grant", "report", "survey", "study", "review", "feedback",
    "contact", "coordinator", "manager", "leader", "director", "trustee", "board", "committee", "panel",
    "student", "teacher", "parent", "carer", "neighbour", "resident", "visitor", "guest", "client",
    "patient", "learner", "reader", "writer", "artist", "musician", "player", "runner", "walker",
    "weekend", "evening", "morning", "afternoon", "holiday", "season", "summer", "winter", "spring",
    "autumn", "shift", "rota", "schedule", "calendar", "deadline", "start", "end", "step", "stage",
    "level", "range", "number", "amount", "part", "piece", "kind", "type", "way", "method", "tool",
    "system", "process", "platform", "network", "channel", "account", "profile", "page", "post",
    "newsletter", "blog", "podcast", "radio", "film", "poster", "leaflet", "flyer", "banner", "sign",
    "box", "bag", "parcel", "delivery", "van", "car", "bike", "bus", "train", "route", "journey",
    "meal", "lunch", "breakfast", "dinner", "tea", "coffee", "cake", "fruit", "bread", "soup",
    "clothing", "coat", "shoe", "blanket", "bed", "tent", "shelter", "water", "energy", "light",
    "tree", "plant", "flower", "seed", "soil", "river", "beach", "coast", "forest", "field",
    "bird", "dog", "cat", "horse", "animal", "species", "habitat", "nature", "climate", "weather",
    "health", "care", "wellbeing", "safety", "risk", "rule", "policy", "law", "right", "benefit",
    "job", "career", "interview", "application", "reference", "certificate", "award", "prize",
    "language", "English", "maths", "science", "history", "music", "art", "sport", "game", "football",
    "data", "spreadsheet", "database", "software", "code", "app", "design", "layout", "logo", "brand",
    "budget", "invoice", "receipt", "payment", "expense", "travel", "insurance", "check", "induction",
    "welcome", "thanks", "smile", "conversation", "chat", "discussion", "debate", "speech", "talk",
    "problem", "solution", "challenge", "success", "result", "outcome", "progress", "growth", "value",
    "culture", "heritage", "museum", "gallery", "theatre", "stage", "performance", "concert", "show",
    "exhibition", "collection", "archive", "library", "catalogue", "label", "tag", "category", "topic",
    "issue", "cause", "mission", "vision", "strategy", "priority", "focus", "approach", "framework",
    "standard", "quality", "detail", "accuracy", "care", "attention", "patience", "energy", "humour",
    "confidence", "trust", "respect", "dignity", "kindness", "fairness", "equality", "inclusion",
    "diversity", "access", "barrier", "disability", "wheelchair", "ramp", "lift", "door", "window",
    "wall", "roof", "floor", "paint", "brush", "hammer", "ladder", "glove", "rake", "spade", "bucket",
    "bin", "waste", "litter", "plastic", "recycling", "compost", "harvest", "crop", "orchard", "allotment",
    "pond", "meadow", "hedge", "path", "trail", "hill", "mountain", "valley", "island", "lake",
    "county", "region", "country", "border", "nation", "continent", "timezone", "distance", "location",
    "address", "postcode", "venue", "site", "base", "hub", "branch", "headquarters", "warehouse", "depot",
    "stock", "supply", "shelf", "store", "shop", "till", "counter", "queue", "ticket", "entry",
    "badge", "uniform", "lanyard", "hat", "vest", "kit", "equipment", "gear", "headset", "microphone",
    "speaker", "screen", "projector", "printer", "paper", "pen", "pencil", "notebook", "folder", "envelope",
    "stamp", "postbox", "courier", "driver", "passenger", "escort", "companion", "buddy", "peer", "mentor",
    "coach", "tutor", "trainer", "facilitator", "host", "steward", "marshal", "guide", "ranger", "warden",
    "officer", "advisor", "counsellor", "therapist", "nurse", "doctor", "pharmacist", "midwife", "dentist",
    "lawyer", "solicitor", "judge", "court", "tribunal", "hearing", "appeal", "case", "claim", "tenancy",
    "landlord", "tenant", "rent", "debt", "loan", "saving", "pension", "tax", "wage", "income",
    "poverty", "hunger", "homelessness", "loneliness", "isolation", "grief", "stress", "anxiety", "recovery",
    "addiction", "treatment", "therapy", "medicine", "vaccine", "clinic", "hospital", "ward", "hospice",
    "pharmacy", "surgery", "ambulance", "emergency", "disaster", "flood", "fire", "storm", "earthquake",
    "drought", "famine", "conflict", "war", "peace", "refuge", "asylum", "border", "visa", "passport",
    "citizenship", "vote", "election", "council", "parliament", "government", "minister", "mayor", "ward",
    "petition", "protest", "march", "rally", "vigil", "ceremony", "wedding", "funeral", "birthday",
    "anniversary", "milestone", "journey", "adventure", "expedition", "trip", "visit", "tour", "walk",
)
VERBS = (
    "help", "support", "join", "work", "make", "learn", "share", "build", "run", "lead", "teach", "meet",
    "organise", "plan", "create", "welcome", "listen", "talk", "write", "read", "call", "visit", "care",
    "train", "guide", "coach", "mentor", "deliver", "collect", "sort", "pack", "cook", "serve", "clean",
    "plant", "grow", "paint", "repair", "fix", "design", "develop", "test", "review", "edit", "translate",
    "record", "track", "update", "manage", "coordinate", "host", "promote", "raise", "campaign", "advise",
    "answer", "respond", "connect", "encourage", "inspire", "empower", "protect", "restore", "improve",
    "explore", "discover", "research", "analyse", "map", "count", "measure", "monitor", "report", "present",
    "explain", "prepare", "arrange", "book", "schedule", "check", "drive", "walk", "cycle", "swim",
    "play", "sing", "dance", "draw", "photograph", "film", "film", "edit", "publish", "post", "tweet",
    "sell", "buy", "donate", "fundraise", "sponsor", "thank", "celebrate", "remember", "honour", "respect",
    "include", "reach", "serve", "feed", "house", "shelter", "rescue", "foster", "adopt", "groom",
    "exercise", "stretch", "lift", "carry", "move", "set", "tidy", "wash", "fold", "stack", "label",
    "scan", "type", "file", "print", "copy", "transcribe", "classify", "identify", "tag", "annotate",
    "moderate", "facilitate", "chair", "attend", "volunteer", "commit", "apply", "start", "finish",
    "continue", "stay", "grow", "change", "shape", "strengthen", "sustain", "launch", "open", "close",
)
ADJECTIVES = (
    "local", "new", "great", "friendly", "small", "good", "weekly", "remote", "online", "flexible",
    "young", "older", "free", "open", "safe", "simple", "practical", "creative", "kind", "patient",
    "reliable", "organised", "confident", "curious", "warm", "calm", "positive", "welcoming", "inclusive",
    "diverse", "regular", "occasional", "short", "long", "full", "part", "daily", "monthly", "annual",
    "virtual", "digital", "physical", "outdoor", "indoor", "social", "practical", "personal", "public",
    "private", "professional", "basic", "advanced", "essential", "helpful", "useful", "important", "urgent",
    "vital", "meaningful", "rewarding", "fun", "busy", "quiet", "lively", "bright", "clear", "fresh",
    "clean", "green", "blue", "sustainable", "global", "national", "regional", "rural", "urban", "coastal",
    "isolated", "vulnerable", "disadvantaged", "marginalised", "underserved", "diverse", "multilingual",
    "bilingual", "fluent", "native", "experienced", "skilled", "trained", "qualified", "certified", "keen",
    "enthusiastic", "motivated", "committed", "dedicated", "passionate", "caring", "compassionate",
    "thoughtful", "respectful", "honest", "discreet", "punctual", "tidy", "careful", "accurate", "detailed",
    "fast", "quick", "slow", "steady", "gentle", "strong", "fit", "active", "healthy", "accessible",
    "affordable", "available", "suitable", "essential", "relevant", "recent", "current", "previous",
    "future", "ongoing", "temporary", "seasonal", "early", "late", "main", "key", "central", "whole",
    "entire", "extra", "additional", "special", "unique", "common", "shared", "joint", "mutual", "happy",
    "proud", "grateful", "thankful", "hopeful", "brave", "bold", "ambitious", "innovative", "smart",
)
ADVERBS = (
    "together", "remotely", "online", "weekly", "safely", "gently", "carefully", "quickly", "easily",
    "regularly", "locally", "directly", "closely", "warmly", "kindly", "clearly", "simply", "fully",
    "usually", "often", "sometimes", "always", "never", "already", "soon", "today", "now", "here",
)
FUNCTION_WORDS = (
    "the", "and", "to", "of", "a", "in", "for", "with", "on", "our", "you", "your", "we", "is", "are",
    "be", "will", "can", "at", "from", "by", "as", "or", "this", "that", "who", "all", "more", "each",
    "every", "some", "any", "about", "into", "over", "after", "before", "during", "while", "so", "but",
)
# Words of the other languages we carry, with their accents (accent folding must find them).
FOREIGN = {
    "es": (
        "voluntario", "voluntaria", "voluntariado", "educación", "comunidad", "apoyo", "niños", "jóvenes",
        "familias", "semana", "horas", "desde", "casa", "línea", "ayuda", "acompañamiento", "formación",
        "organización", "participación", "información", "atención", "inclusión", "tecnología", "música",
        "salud", "alimentación", "migrantes", "refugiados", "mayores", "soledad", "biblioteca", "lectura",
        "matemáticas", "inglés", "español", "traducción", "comunicación", "diseño", "reunión", "jornada",
    ),
    "fr": (
        "bénévole", "bénévoles", "bénévolat", "association", "soutien", "aide", "enfants", "jeunes",
        "familles", "semaine", "heures", "à", "distance", "en", "ligne", "accompagnement", "formation",
        "éducation", "santé", "solidarité", "entraide", "épicerie", "réfugiés", "personnes", "âgées",
        "isolées", "lecture", "écriture", "français", "mathématiques", "devoirs", "quartier", "été",
        "activités", "équipe", "intérêt", "général", "médiation", "numérique", "café",
    ),
    "de": (
        "ehrenamtlich", "ehrenamtliche", "freiwillige", "unterstützung", "hilfe", "kinder", "jugendliche",
        "familien", "woche", "stunden", "nachhilfe", "geflüchtete", "begleitung", "schülerinnen", "schüler",
        "übersetzung", "förderung", "gemeinschaft", "nachbarschaft", "senioren", "lesepaten", "sprachcafé",
        "mathe", "für", "mit", "und", "bei", "vor", "ort", "zuhause", "grünflächen", "tafel",
    ),
    "pt": (
        "voluntário", "voluntária", "voluntariado", "educação", "comunidade", "apoio", "crianças", "jovens",
        "famílias", "semana", "horas", "distância", "ajuda", "acompanhamento", "formação", "saúde",
        "atenção", "inclusão", "tradução", "leitura", "matemática", "inglês", "português", "idosos",
        "solidão", "alimentação", "migrantes", "refugiados", "cidadania", "ação",
    ),
}
# fmt: on
