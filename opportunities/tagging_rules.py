"""Keyword rule tables for tagging listings with causes and skills (data only; read by tagging.py).

How they are matched (see opportunities/tagging.py):
- The title, the source's own labels, the description and the organisation name are folded (lower
  case, accents removed: "é" -> "e", "ü" -> "u", "ß" -> "ss") and every run of punctuation becomes one
  space, so "after-school" = "after school" and "droits de l'homme" = "droits de l homme".
- Every phrase of every language is tried on every listing (there is no language detection), on word
  boundaries. A trailing "*" makes a prefix: "mentor*" matches mentor, mentors, mentoring, mentorship.
- At one place in the text the phrase with the most words wins and matches never overlap: "climate
  crisis" (environment) swallows the "crisis" inside it, so it never counts for crisis support. Prefer
  such a longer phrase in the right cause to a mask whenever the words still mean something.
- For a single word, an exact phrase beats a prefix, and a shorter one-word prefix beats a longer one:
  "frauen*" would hide "frauenhaus*", so the longer form is written as exact words ("frauenhaus").
- Score of a slug = sum over the distinct phrases found of weight x 2 when the phrase is in the title or
  the source's labels, x 1 when only in the description or organisation name. A slug is tagged at 2.0;
  only the best three survive, and only those scoring at least 0.3 x the best one.
  So: 2.0 = decisive anywhere (must be specific to the cause); 1.5 = decisive in the title, strong
  support elsewhere; 1.0 = decisive in the title, needs a second phrase in the text; 0.5 = weak
  supporting evidence for words that also turn up in passing.
- MASKS are blanked out of the text before any matching (for causes AND skills): use them only for
  phrases that mean nothing for any slug ("family tree", "veteran status" in equal-opportunity
  boilerplate), never for phrases whose words another slug needs.

How to add a phrase:
1. Write it folded: lower case, no accents ("educacion", "benevole", "ubersetz*", "saude"); for "œ" use a
   prefix ("restos du c*"). Put it in the block of its language, with one of the weights 0.5, 1.0,
   1.5 or 2.0, and never twice under one slug.
2. The same phrase may sit under two slugs (it then counts for both), but two spellings that fold to
   the same words ("after school" / "after-school") must not both appear anywhere: only one would count.
3. If your phrase contains a word that another slug relies on ("disability rights"), list it under
   that slug too, or it will swallow that slug's evidence; the same goes for an exact word that another
   slug's prefix would catch ("befriending" is under seniors and community).
"""

from __future__ import annotations

# fmt: off
# slug -> phrases with weights. Every cause slug of data/causes.json is a key.
CAUSE_PHRASES: dict[str, tuple[tuple[str, float], ...]] = {
    # Human rights, civil liberties, trafficking, detention and prisons, transparency and corruption.
    # "advocacy" alone is only 1.0 (every cause advocates); "social justice" is shared with race;
    # multi-word rights phrases ("disability rights") are also listed under their own cause.
    "advocacy-human-rights": (
        # en
        ("human rights", 2.0), ("human rights defender*", 2.0), ("civil liberties", 2.0),
        ("civil rights", 1.5), ("amnesty international", 2.0), ("human trafficking", 2.0),
        ("trafficking", 1.5), ("modern slavery", 2.0), ("forced labour", 2.0), ("forced labor", 2.0),
        ("prison reform", 2.0), ("political prisoner*", 2.0), ("death penalty", 2.0), ("torture", 1.5),
        ("enforced disappearance*", 2.0), ("detainee*", 1.5), ("persecut*", 1.0),
        ("freedom of expression", 2.0), ("freedom of speech", 1.5), ("press freedom", 1.5),
        ("anti corruption", 2.0), ("corruption", 1.0), ("transparency", 0.5), ("oversight", 1.0),
        ("advocacy", 1.0), ("social justice", 1.0), ("genocide", 2.0), ("war crimes", 2.0),
        ("sexual abuse", 1.5), ("child labour", 1.5), ("child labor", 1.5), ("indigenous rights", 1.5),
        ("digital rights", 2.0), ("whistleblow*", 1.5), ("mass incarceration", 2.0),
        ("disability rights", 1.0), ("women s rights", 1.0), ("religious freedom", 1.5),
        ("voting rights", 1.0), ("children s rights", 1.0),
        # es
        ("derechos humanos", 2.0), ("defensores de derechos", 2.0), ("defensoras de derechos", 2.0),
        ("trata de personas", 1.5), ("trata de seres humanos", 2.0), ("victimas de trata", 2.0),
        ("libertad de expresion", 2.0), ("libertad de prensa", 1.5), ("libertades civiles", 2.0),
        ("tortura", 1.5), ("desaparicion forzada", 2.0), ("desapariciones forzadas", 2.0),
        ("desaparecidos", 1.5), ("presos politicos", 2.0), ("personas privadas de libertad", 1.5),
        ("sistema penitenciario", 1.0), ("carceles", 1.0), ("incidencia politica", 1.0),
        ("justicia social", 1.0), ("esclavitud moderna", 2.0), ("trabajo forzoso", 2.0),
        ("explotacion laboral", 1.5), ("corrupcion", 1.0), ("anticorrupcion", 2.0), ("transparencia", 0.5),
        ("memoria historica", 1.0), ("amnistia internacional", 2.0), ("derechos fundamentales", 2.0),
        ("violaciones de derechos", 1.5), ("defensa de los derechos", 1.5), ("activismo", 1.0),
        ("activista*", 1.0), ("pena de muerte", 2.0),
        # fr
        ("droits humains", 2.0), ("droits de l'homme", 2.0), ("droits fondamentaux", 2.0),
        ("defenseurs des droits", 2.0), ("defense des droits", 1.5), ("traite des etres humains", 2.0),
        ("traite humaine", 2.0), ("liberte d'expression", 2.0), ("liberte de la presse", 1.5),
        ("prisonniers politiques", 2.0), ("disparitions forcees", 2.0), ("milieu carceral", 1.5),
        ("carceral*", 1.0), ("detenus", 1.5), ("plaidoyer", 1.0), ("justice sociale", 1.0),
        ("esclavage moderne", 2.0), ("travail force", 2.0), ("lutte contre la corruption", 2.0),
        ("acces aux droits", 1.0), ("militant*", 1.0), ("peine de mort", 2.0), ("violations des droits", 1.5),
        ("transparence", 0.5), ("ligue des droits", 2.0), ("droits des femmes", 1.0),
        # de
        ("menschenrecht*", 2.0), ("menschenhandel", 2.0), ("zwangsarbeit", 2.0), ("moderne sklaverei", 2.0),
        ("folter", 1.5), ("meinungsfreiheit", 2.0), ("pressefreiheit", 1.5), ("burgerrechte", 2.0),
        ("grundrechte", 2.0), ("politische gefangene", 2.0), ("gefangene*", 1.0), ("gefangnis*", 1.0),
        ("strafvollzug", 1.0), ("haftlinge", 1.0), ("korruption", 1.0), ("transparenz", 0.5),
        ("aktivist*", 1.0), ("lobbyarbeit", 1.0), ("interessenvertretung", 1.0),
        ("soziale gerechtigkeit", 1.0), ("verschwindenlassen", 2.0), ("menschenwurde", 1.0),
        ("ausbeutung", 1.0), ("kinderarbeit", 1.5), ("zivilcourage", 1.0), ("todesstrafe", 2.0),
        # pt
        ("direitos humanos", 2.0), ("trafico de pessoas", 2.0), ("trafico humano", 2.0),
        ("trabalho escravo", 2.0), ("trabalho forcado", 2.0), ("liberdade de expressao", 2.0),
        ("liberdade de imprensa", 1.5), ("sistema prisional", 1.0), ("encarcerad*", 1.0),
        ("privados de liberdade", 1.5), ("justica social", 1.0), ("defensores de direitos", 2.0),
        ("defesa de direitos", 1.5), ("defesa dos direitos", 1.5), ("direitos civis", 1.5),
        ("direitos fundamentais", 2.0), ("corrupcao", 1.0), ("exploracao", 1.0), ("ativismo", 1.0),
        ("ativista*", 1.0), ("memoria e verdade", 1.5), ("violacoes de direitos", 1.5),
        ("desaparecimento forcado", 2.0), ("pena de morte", 2.0), ("violencia policial", 1.5),
    ),
    # Pets and wildlife: rescue, shelters, adoption, welfare, wildlife surveys and conservation.
    # Traps: no "python" (programming), no bare "shelter"/"refuge"/"refugio"/"abrigo", no "vet" (veteran vs
    # veterinary: only "veterinar*"), no "cat"/"chat" alone ("CAT tools", French "chat" = conversation),
    # no "mouse"/"bug"/"bear", "adoption" and "foster" only with an animal word.
    "animals": (
        # en
        ("animal*", 1.5), ("animal welfare", 2.0), ("animal rescue", 2.0), ("animal shelter*", 2.0),
        ("animal rights", 2.0), ("dog shelter*", 2.0), ("cat shelter*", 2.0), ("wildlife", 2.0),
        ("wildlife refuge*", 2.0), ("pet", 1.0), ("pets", 1.0), ("dog", 1.0), ("dogs", 1.0), ("cats", 1.0),
        ("kitten*", 1.5), ("puppy", 1.5), ("puppies", 1.5), ("endangered species", 2.0), ("species", 1.0),
        ("birds", 1.0), ("whale*", 1.5), ("seal", 1.0), ("seals", 1.0), ("turtle*", 1.5), ("horses", 1.0),
        ("veterinar*", 2.0), ("vet clinic*", 2.0), ("spay*", 2.0), ("neuter*", 2.0), ("rspca", 2.0),
        ("spca", 2.0), ("humane society", 2.0), ("zoo", 1.5), ("camera trap*", 1.5), ("strays", 1.0),
        ("rehoming", 1.5), ("dog rescue*", 2.0), ("cat rescue*", 2.0), ("veterinary clinic*", 2.0),
        ("animal hospital*", 2.0),
        # es
        ("proteccion animal", 2.0), ("protectora*", 1.5), ("refugio de animales", 2.0), ("perro", 1.0),
        ("perros", 1.0), ("gato", 1.0), ("gatos", 1.0), ("mascota*", 1.5), ("adopcion responsable", 1.5),
        ("fauna", 1.5), ("vida silvestre", 2.0), ("especies", 1.0), ("especies amenazadas", 2.0),
        ("aves", 1.0), ("tortugas", 1.5), ("caballos", 1.0), ("esterilizacion", 1.0), ("santuario", 1.0),
        ("maltrato animal", 2.0), ("colonias felinas", 2.0), ("felinos", 1.0), ("galgo*", 2.0),
        ("podenco*", 2.0),
        # fr
        ("animaux", 1.5), ("protection animale", 2.0), ("refuge pour animaux", 2.0), ("spa", 1.0),
        ("chien", 1.0), ("chiens", 1.0), ("chatons", 1.5), ("chats errants", 2.0), ("faune", 1.5),
        ("faune sauvage", 2.0), ("oiseaux", 1.0), ("especes menacees", 2.0), ("lpo", 1.5), ("chevaux", 1.0),
        ("sterilisation", 1.0), ("tortues", 1.5), ("cetaces", 1.5), ("maltraitance animale", 2.0),
        ("famille d'accueil pour animaux", 2.0), ("fourriere", 1.5),
        # de
        ("tierschutz*", 2.0), ("tierheim*", 2.0), ("tiere", 1.5), ("tieren", 1.5), ("tierarzt*", 2.0),
        ("tierhilfe", 2.0), ("haustier*", 1.5), ("wildtier*", 2.0), ("hund", 1.0), ("hunde", 1.0),
        ("katze", 1.0), ("katzen", 1.0), ("vogelschutz", 2.0), ("vogel", 1.0), ("artenschutz", 2.0),
        ("pferde", 1.0), ("gnadenhof", 2.0), ("tiervermittlung", 2.0), ("pflegestelle*", 1.0),
        ("fledermause", 1.5), ("igel", 1.0), ("tierwohl", 2.0),
        # pt
        ("animais", 1.5), ("protecao animal", 2.0), ("cachorro*", 1.0), ("caes", 1.0), ("bichos", 1.0),
        ("adocao responsavel", 1.5), ("abrigo de animais", 2.0), ("especies ameacadas", 2.0),
        ("vida selvagem", 2.0), ("animais silvestres", 2.0), ("resgate de animais", 2.0), ("castracao", 1.0),
        ("tartarugas", 1.5), ("maus tratos", 1.0), ("cavalos", 1.0), ("protetores de animais", 2.0),
        ("fauna silvestre", 2.0), ("gatil", 2.0), ("canil", 1.5),
    ),
    # Museums, archives, libraries, heritage, theatre, music, visual and community arts.
    # "transcription" alone is not arts: only archive/heritage/historic-document context counts;
    # "art" is 1.0 with masks for German "Art der"/"jeder Art"; "library" alone is 0.5 (code libraries).
    "arts-culture": (
        # en
        ("arts", 1.5), ("art", 1.0), ("artist*", 1.5), ("gallery", 1.0), ("theatre*", 1.5), ("theater*", 1.5),
        ("music*", 1.5), ("orchestra*", 2.0), ("choir*", 1.5), ("dance", 1.0), ("heritage", 1.5),
        ("cultural heritage", 2.0), ("history", 0.5), ("archive*", 1.0), ("archivist*", 2.0),
        ("curator*", 1.5), ("manuscript*", 1.0), ("library", 0.5), ("public librar*", 2.0),
        ("librarian*", 1.5), ("culture", 0.5), ("cultural", 1.0), ("arts and culture", 2.0),
        ("performing arts", 2.0), ("visual arts", 2.0), ("arts and crafts", 2.0), ("crafts", 1.0),
        ("poetry", 1.5), ("literature", 1.0), ("exhibition*", 1.0), ("historical documents", 1.0),
        ("heritage site*", 2.0), ("local history", 1.5), ("oral histor*", 1.5), ("community arts", 2.0),
        ("concert*", 1.5), ("genealog*", 1.0), ("arts cent*", 2.0), ("arts organi*", 2.0),
        # es
        ("arte", 1.0), ("artes", 1.0), ("museo*", 2.0), ("cultura", 1.0), ("patrimonio", 1.5),
        ("patrimonio cultural", 2.0), ("teatro*", 1.5), ("danza", 1.0), ("coro", 1.0), ("biblioteca*", 1.5),
        ("archivo historico", 2.0), ("exposicion*", 1.0), ("artesania", 1.5), ("cine", 1.5),
        ("literatura", 1.0), ("poesia", 1.5), ("gestion cultural", 2.0), ("centro cultural", 2.0),
        ("memoria historica", 1.0), ("historia", 0.5), ("festival", 0.5), ("folclore", 1.5),
        ("conservatorio", 1.5), ("agenda cultural", 1.5),
        # fr
        ("musee*", 2.0), ("culturel*", 1.0), ("patrimoine", 1.5), ("danse", 1.0), ("chorale", 1.5),
        ("bibliotheque*", 1.5), ("mediatheque*", 1.5), ("poesie", 1.5), ("litterature", 1.0),
        ("spectacle*", 1.0), ("artisanat", 1.5), ("action culturelle", 2.0), ("mediation culturelle", 2.0),
        ("conservatoire", 1.5), ("histoire", 0.5), ("monuments historiques", 2.0), ("vie culturelle", 1.5),
        ("art vivant", 2.0), ("arts plastiques", 2.0), ("cinema", 1.5), ("folklore", 1.5),
        # de
        ("kunst", 1.5), ("kunstler*", 1.5), ("kunstverein", 2.0), ("kultur*", 1.0), ("musik*", 1.5),
        ("chor", 1.0), ("bibliothek*", 1.5), ("bucherei*", 1.5), ("ausstellung*", 1.0), ("denkmal*", 1.5),
        ("kulturerbe", 2.0), ("heimatverein", 1.5), ("geschichtsverein", 1.5), ("literatur", 1.0),
        ("lesung*", 1.0), ("orchester", 2.0), ("konzert*", 1.5), ("kulturarbeit", 2.0), ("geschichte", 0.5),
        ("tanz", 1.0), ("tanzen", 1.0),
        # pt
        ("museu*", 2.0), ("danca", 1.0), ("arquivo historico", 2.0), ("exposicao", 1.0), ("exposicoes", 1.0),
        ("artesanato", 1.5), ("producao cultural", 2.0), ("cultura popular", 1.5), ("sarau*", 1.5),
        ("capoeira", 1.0), ("patrimonio historico", 2.0), ("acervo*", 1.0), ("bibliotecas comunitarias", 2.0),
        ("ponto de cultura", 2.0), ("arte educacao", 1.5), ("artes visuais", 2.0),
    ),
    # Children, young people and families: youth work, schools, childcare, foster care, safeguarding.
    # "students"/"school" are only 0.5 (university students, "school of thought"); "kind" (German
    # child, English adjective) is never used, only "kinder*"; "mayores de edad" is masked.
    "children-youth": (
        # en
        ("children", 1.5), ("child", 1.0), ("childhood", 1.0), ("kids", 1.5), ("youth", 1.5),
        ("young people", 1.5), ("teen*", 1.5), ("adolescen*", 1.5), ("pupils", 1.0), ("students", 0.5),
        ("primary school*", 1.5), ("elementary school*", 1.5), ("middle school*", 1.5), ("high school*", 1.0),
        ("secondary school*", 1.0), ("after school", 2.0), ("youth mentor*", 2.0),
        ("boys and girls club*", 2.0), ("scouts", 1.5), ("foster care", 2.0), ("foster youth", 2.0),
        ("orphan*", 2.0), ("juvenile", 1.5), ("babies", 1.0), ("early childhood", 2.0), ("early years", 1.5),
        ("preschool*", 1.5), ("family support", 1.5), ("child protection", 2.0), ("young carers", 2.0),
        ("youth work*", 2.0), ("youth club*", 2.0), ("summer camp*", 1.5), ("reading buddy", 1.5),
        ("juvenile justice", 1.5), ("unaccompanied minors", 2.0), ("care leavers", 2.0),
        ("children s rights", 2.0),
        # es
        ("ninos", 1.5), ("ninas", 1.5), ("nino", 1.0), ("infancia", 2.0), ("infantil", 1.5), ("jovenes", 1.5),
        ("juventud", 1.5), ("juvenil", 1.5), ("menores", 1.0), ("menores no acompanados", 2.0),
        ("ninez", 2.0), ("alumnos", 0.5), ("escolares", 1.0), ("apoyo escolar", 1.5),
        ("refuerzo escolar", 1.5), ("acogimiento familiar", 2.0), ("ludoteca", 1.5), ("campamento*", 1.0),
        ("monitor de tiempo libre", 2.0), ("centro de menores", 2.0), ("guarderia", 1.5), ("orfanato*", 2.0),
        ("chicos y chicas", 1.0), ("familias", 0.5), ("bebes", 1.0), ("primaria", 1.0),
        # fr
        ("enfants", 1.5), ("enfant", 1.0), ("enfance", 2.0), ("jeunes", 1.5), ("jeunesse", 1.5),
        ("mineurs", 1.0), ("mineurs non accompagnes", 2.0), ("eleves", 0.5), ("ecoliers", 1.0),
        ("collegiens", 1.0), ("lyceens", 1.0), ("periscolaire", 1.5), ("accompagnement scolaire", 1.5),
        ("aide aux devoirs", 1.5), ("protection de l'enfance", 2.0), ("parentalite", 1.0), ("creche*", 1.5),
        ("colonie de vacances", 1.5), ("centre de loisirs", 1.5), ("scoutisme", 1.5), ("familles", 0.5),
        ("animateur jeunesse", 2.0),
        # de
        ("kinder*", 1.5), ("jugend*", 1.5), ("hausaufgabenhilfe", 1.5), ("lernpate*", 1.5),
        ("lesepate*", 1.5), ("familie*", 0.5), ("ferienfreizeit*", 1.5), ("pfadfinder*", 1.5),
        ("minderjahrig*", 1.0), ("unbegleitete minderjahrige", 2.0), ("junge menschen", 1.5),
        ("jungen menschen", 1.5), ("eltern", 0.5), ("baby*", 1.0), ("schulkinder", 1.5), ("kita", 1.5),
        ("kitas", 1.5), ("kinderarbeit", 1.0), ("jugendparlament", 1.5),
        # pt
        ("criancas", 1.5), ("crianca", 1.0), ("jovens", 1.5), ("juventude", 1.5), ("alunos", 0.5),
        ("reforco escolar", 1.5), ("apoio escolar", 1.5), ("acolhimento institucional", 2.0),
        ("meninas", 1.0), ("meninos", 1.0), ("primeira infancia", 2.0), ("educacao infantil", 2.0),
        ("contraturno", 1.5), ("estatuto da crianca", 2.0), ("conselho tutelar", 2.0),
    ),
    # Civic life and politics: voting, elections, councils, open government, civic tech, policy.
    # "citizen" alone is not civic ("citizen science" is science); "policy" is 1.0 with "privacy policy"
    # masked; French "service civique" (a national volunteering scheme) and the German generic
    # "burgerschaftliches Engagement" are not civic engagement.
    "civic-engagement": (
        # en
        ("civic*", 1.5), ("civic engagement", 2.0), ("civic tech", 2.0), ("voter*", 2.0), ("voting", 1.5),
        ("vote", 0.5), ("election*", 1.5), ("get out the vote", 2.0), ("democracy", 1.5), ("democratic", 0.5),
        ("poll worker*", 2.0), ("census", 1.5), ("public policy", 1.5), ("policy", 1.0), ("legislat*", 1.0),
        ("lobbying", 1.0), ("open government", 2.0), ("city council*", 1.5), ("council meeting*", 1.5),
        ("local government", 1.5), ("public meeting*", 1.5), ("town hall*", 1.0), ("active citizenship", 2.0),
        ("citizen participation", 2.0), ("public participation", 1.5), ("participatory budget*", 2.0),
        ("politic*", 1.0), ("political campaign*", 2.0), ("canvass*", 1.5), ("phone bank*", 1.5),
        ("nonpartisan", 1.5), ("ballot*", 1.5), ("documenters", 2.0), ("freedom of information", 2.0),
        ("open data", 1.0), ("zoning", 1.0), ("voting rights", 2.0), ("political science", 1.0),
        ("civil society", 1.0), ("league of women voters", 2.0),
        # es
        ("participacion ciudadana", 2.0), ("ciudadania", 1.0), ("elecciones", 1.5), ("electoral*", 1.5),
        ("votacion", 1.0), ("voto", 1.0), ("democracia", 1.5), ("politicas publicas", 1.5),
        ("gobierno abierto", 2.0), ("rendicion de cuentas", 1.0), ("ayuntamiento", 1.0),
        ("pleno municipal", 1.5), ("presupuestos participativos", 2.0), ("observacion electoral", 2.0),
        ("mesa electoral", 2.0), ("derecho al voto", 2.0), ("datos abiertos", 1.0),
        ("tecnologia civica", 2.0), ("desinformacion", 1.0), ("transparencia", 1.0),
        ("concejo municipal", 1.5), ("incidencia politica", 1.0),
        # fr
        ("citoyennete", 1.5), ("citoyen*", 0.5), ("participation citoyenne", 2.0), ("democratie*", 1.5),
        ("scrutin", 1.5), ("bureau de vote", 2.0), ("conseil municipal", 1.5), ("politiques publiques", 1.5),
        ("budget participatif", 2.0), ("debat public", 1.5), ("vie publique", 1.0), ("civique*", 1.5),
        ("education civique", 2.0), ("transparence", 1.0), ("donnees ouvertes", 1.0), ("desinformation", 1.0),
        ("conseil citoyen", 2.0), ("vie democratique", 2.0), ("politique", 0.5),
        # de
        ("burgerbeteiligung", 2.0), ("demokratie*", 1.5), ("wahlhelfer*", 2.0), ("wahlen", 0.5),
        ("bundestagswahl*", 2.0), ("kommunalwahl*", 2.0), ("europawahl*", 2.0), ("landtagswahl*", 2.0),
        ("wahlbeteiligung", 2.0), ("wahlkampf*", 2.0), ("politisch*", 1.0), ("politische bildung", 2.0),
        ("gemeinderat*", 1.5), ("stadtrat*", 1.5), ("kommunalpolitik*", 2.0), ("burgerhaushalt", 2.0),
        ("transparenz", 1.0), ("offene daten", 1.0), ("partizipation", 1.5), ("beteiligung", 0.5),
        ("zivilgesellschaft*", 1.0), ("jugendparlament", 2.0),
        # pt
        ("cidadania", 1.0), ("participacao cidada", 2.0), ("participacao social", 1.5),
        ("controle social", 1.5), ("eleicoes", 1.5), ("eleitor*", 1.5), ("governo aberto", 2.0),
        ("camara municipal", 1.5), ("vereador*", 1.5), ("orcamento participativo", 2.0),
        ("dados abertos", 1.0), ("conselhos municipais", 1.5), ("mesario*", 2.0), ("desinformacao", 1.0),
        ("politicas sociais", 1.0), ("democracia participativa", 2.0), ("fiscalizacao", 0.5),
    ),
    # Community development: neighbourhoods, community centres and events, befriending, rural and urban
    # areas, grassroots groups, philanthropy, transport. Board roles ("board member", "trustee") count
    # only weakly here and nowhere else; bare "community" is 0.5 because every listing uses it.
    "community": (
        # en
        ("community", 0.5), ("community development", 2.0), ("community building", 2.0),
        ("neighbourhood*", 1.0), ("neighborhood*", 1.0), ("neighbours", 1.0), ("neighbors", 1.0),
        ("community centre*", 1.5), ("community center*", 1.5), ("community event*", 1.5),
        ("community group*", 1.0), ("community organi*", 1.0), ("grassroots", 1.0), ("local community", 1.0),
        ("befriend*", 0.5), ("community garden*", 1.0), ("placemaking", 2.0), ("regeneration", 1.0),
        ("rural", 1.0), ("urban areas", 1.0), ("mutual aid", 1.5), ("volunteer centre*", 1.0),
        ("philanthrop*", 1.0), ("giving circle*", 1.5), ("capacity building", 0.5), ("board member*", 0.5),
        ("board of directors", 0.5), ("trustee*", 0.5), ("board development", 1.0), ("transportation", 1.0),
        ("community hub*", 1.5), ("social cohesion", 1.5), ("intergenerational", 1.0), ("interfaith", 0.5),
        ("residents", 0.5), ("community fridge*", 0.5), ("friendly chat*", 0.5), ("companionship", 0.5),
        ("community led", 1.5), ("befriending", 0.5),
        # es
        ("desarrollo comunitario", 2.0), ("comunidad", 0.5), ("comunitari*", 1.0), ("vecinos", 1.0),
        ("vecinal*", 1.0), ("barrio*", 1.0), ("asociacion de vecinos", 2.0), ("centro comunitario", 2.0),
        ("desarrollo local", 1.5), ("desarrollo rural", 1.5), ("mundo rural", 1.5), ("despoblacion", 2.0),
        ("cohesion social", 1.5), ("ayuda mutua", 1.5), ("tejido asociativo", 1.5), ("convivencia", 1.0),
        ("participacion comunitaria", 2.0), ("accion comunitaria", 2.0), ("juntas directivas", 0.5),
        ("filantropia", 1.0), ("dinamizacion comunitaria", 2.0),
        # fr
        ("developpement local", 1.5), ("quartier*", 1.0), ("voisin*", 1.0), ("vie de quartier", 2.0),
        ("centre social", 1.5), ("centres sociaux", 1.5), ("maison de quartier", 2.0), ("lien social", 1.5),
        ("vivre ensemble", 1.5), ("cohesion sociale", 1.5), ("solidarite", 0.5), ("rurale*", 1.0),
        ("communaute*", 0.5), ("communautaire*", 1.0), ("entraide", 1.0), ("tiers lieu*", 1.5),
        ("vie associative", 1.0), ("conseil d'administration", 0.5), ("education populaire", 1.5),
        ("politique de la ville", 2.0), ("fete de quartier", 2.0),
        # de
        ("nachbarschaft*", 1.5), ("nachbarn", 1.0), ("stadtteil*", 1.0), ("quartiersmanagement", 2.0),
        ("gemeinwesen*", 2.0), ("gemeinschaft*", 0.5), ("gemeinde", 0.5), ("dorf", 1.0), ("landlich*", 1.0),
        ("begegnungsstatte*", 1.5), ("begegnungscafe*", 1.5), ("burgerzentrum", 1.5), ("burgertreff", 1.5),
        ("mehrgenerationenhaus*", 1.5), ("zusammenhalt", 1.0), ("vorstand*", 0.5), ("burgerbus", 1.5),
        ("stadtentwicklung", 1.5), ("dorfentwicklung", 2.0), ("nachbarschaftshilfe", 2.0),
        ("ehrenamtsborse", 0.5), ("gemeinschaftsgarten", 1.0),
        # pt
        ("desenvolvimento comunitario", 2.0), ("comunidade*", 0.5), ("vizinhanca", 1.0), ("vizinhos", 1.0),
        ("bairro*", 0.5), ("associacao de moradores", 2.0), ("moradores", 0.5), ("periferia*", 1.0),
        ("favela*", 1.0), ("desenvolvimento local", 1.5), ("desenvolvimento rural", 1.5), ("mutirao", 1.5),
        ("solidariedade", 0.5), ("lideranca comunitaria", 2.0), ("liderancas comunitarias", 2.0),
        ("coletivo*", 0.5), ("territorio", 0.5), ("acao comunitaria", 2.0),
    ),
    # Crisis support and mental health: crisis and listening lines, suicide prevention, emotional and peer
    # support, addiction, grief, victim support, conflict resolution. Bare "crisis" is only 0.5 and the
    # longer "climate crisis" / "housing crisis" / "humanitarian crisis" / "crisis mapping" phrases of
    # other causes swallow it; bare "helpline" is 0.5 (legal and housing helplines); German "sucht"
    # (= "is looking for") is never used, only "suchthilfe" and friends.
    "crisis-mental-health": (
        # en
        ("crisis line*", 2.0), ("crisis text line", 2.0), ("crisis text", 2.0), ("crisis support", 2.0),
        ("crisis counsel*", 2.0), ("crisis intervention", 2.0), ("crisis", 0.5), ("in crisis", 1.0),
        ("helpline", 0.5), ("suicid*", 2.0), ("self harm", 2.0), ("samaritans", 2.0),
        ("active listening", 1.5), ("emotional support", 1.5), ("listening service", 2.0),
        ("peer support", 0.5), ("mental health", 2.0), ("mental illness*", 2.0), ("psycholog*", 1.0),
        ("psychiatr*", 1.5), ("depression*", 1.5), ("anxiety", 1.0), ("trauma*", 1.0), ("grief", 1.5),
        ("bereave*", 1.5), ("addiction*", 2.0), ("substance use", 2.0), ("substance abuse", 2.0),
        ("victim support", 2.0), ("domestic violence", 1.0), ("sexual assault", 1.0), ("rape crisis", 2.0),
        ("conflict resolution", 2.0), ("mediation", 1.0), ("distress", 1.0), ("struggling to cope", 1.5),
        ("text line", 1.5), ("listener*", 0.5), ("counselling", 1.0), ("counseling", 1.0),
        # es
        ("salud mental", 2.0), ("linea de crisis", 2.0), ("linea de ayuda", 1.0),
        ("telefono de la esperanza", 2.0), ("escucha activa", 1.5), ("servicio de escucha", 2.0),
        ("apoyo emocional", 1.5), ("acompanamiento emocional", 1.5), ("adiccion*", 2.0),
        ("drogodependencia*", 2.0), ("intervencion en crisis", 2.0), ("psicolog*", 1.0), ("psiquiatr*", 1.5),
        ("trastorno mental", 2.0), ("trastornos mentales", 2.0), ("depresion", 1.5), ("ansiedad", 1.0),
        ("duelo", 1.5), ("mediacion", 1.0), ("resolucion de conflictos", 2.0), ("bienestar emocional", 1.5),
        ("autolesion*", 2.0), ("contencion emocional", 1.5), ("victimas de delitos", 1.5),
        ("conducta suicida", 2.0),
        # fr
        ("sante mentale", 2.0), ("ligne d'ecoute", 2.0), ("ecoute active", 1.5), ("ecoute", 0.5),
        ("ecoutant*", 1.5), ("sos amitie", 2.0), ("soutien psychologique", 2.0), ("soutien emotionnel", 1.5),
        ("detresse", 1.0), ("souffrance psychique", 2.0), ("troubles psychiques", 2.0), ("psychique*", 1.0),
        ("toxicomanie", 2.0), ("addictologie", 2.0), ("deuil", 1.5), ("aide aux victimes", 2.0),
        ("resolution des conflits", 2.0), ("pair aidant*", 1.5), ("fil sante jeunes", 2.0),
        ("prevention du suicide", 2.0), ("service d'ecoute", 2.0), ("nightline", 2.0),
        # de
        ("psychische gesundheit", 2.0), ("psychisch*", 1.0), ("psychische erkrankung*", 2.0),
        ("seelische gesundheit", 2.0), ("telefonseelsorge", 2.0), ("seelsorge", 1.0), ("krisenchat", 2.0),
        ("krise", 0.5), ("krisenintervention", 2.0), ("krisentelefon", 2.0), ("krisendienst*", 2.0),
        ("suizid*", 2.0), ("suchthilfe", 2.0), ("suchtkrank*", 2.0), ("suchtberatung", 2.0),
        ("abhangigkeit*", 1.0), ("zuhoren", 1.0), ("aktives zuhoren", 1.5), ("emotionale unterstutzung", 1.5),
        ("angststorung*", 1.5), ("trauer*", 1.5), ("opferhilfe", 2.0), ("weisser ring", 2.0),
        ("konfliktlosung", 1.5), ("streitschlichtung", 1.5), ("nummer gegen kummer", 2.0), ("kummer", 1.0),
        ("psychosozial*", 1.5),
        # pt
        ("saude mental", 2.0), ("cvv", 2.0), ("valorizacao da vida", 2.0), ("escuta ativa", 1.5),
        ("escuta", 0.5), ("escuta acolhedora", 1.5), ("escuta solidaria", 1.5), ("dependencia quimica", 2.0),
        ("alcoolismo", 1.5), ("sofrimento psiquico", 2.0), ("sofrimento emocional", 1.5), ("depressao", 1.5),
        ("ansiedade", 1.0), ("luto", 1.0), ("psicossocial", 1.5), ("mediacao de conflitos", 2.0),
        ("mediacao", 1.0), ("crise", 0.5), ("intervencao em crise", 2.0), ("prevencao ao suicidio", 2.0),
        ("apoio psicologico", 1.5),
    ),
    # People with disabilities: disability rights and services, blind and deaf people, autism, assistive
    # technology, inclusive and adaptive sport, accessibility. Equal-opportunity boilerplate ("age,
    # disability, or veteran status") is masked; "accessible" alone is not used (casual word).
    "disability": (
        # en
        ("disabilit*", 2.0), ("disabled", 2.0), ("accessibility", 1.0), ("assistive technolog*", 2.0),
        ("screen reader*", 2.0), ("blind", 1.5), ("visually impaired", 2.0), ("visual impairment*", 2.0),
        ("low vision", 2.0), ("deaf*", 2.0), ("hard of hearing", 2.0), ("hearing loss", 1.5),
        ("sign language", 1.5), ("wheelchair*", 2.0), ("autis*", 2.0), ("asperger*", 2.0),
        ("neurodiver*", 1.5), ("down syndrome", 2.0), ("cerebral palsy", 2.0), ("special needs", 2.0),
        ("special education", 1.5), ("adhd", 1.0), ("dyslexi*", 1.0), ("inclusive sport*", 1.5),
        ("adaptive sport*", 2.0), ("paralympi*", 2.0), ("special olympics", 2.0), ("mobility impair*", 2.0),
        ("braille", 2.0), ("audio description", 1.5), ("captioning", 1.0), ("respite", 1.0),
        ("independent living", 1.0), ("supported living", 1.5), ("brain injur*", 1.5), ("handicap*", 2.0),
        ("learning difficult*", 1.5), ("communications access", 2.0), ("disability rights", 2.0),
        ("web accessibility", 1.5),
        # es
        ("discapacidad*", 2.0), ("discapacitad*", 2.0), ("diversidad funcional", 2.0), ("ciegos", 1.5),
        ("ceguera", 1.5), ("sordos", 2.0), ("sordera", 2.0), ("lengua de signos", 2.0),
        ("lengua de senas", 2.0), ("silla de ruedas", 2.0), ("sindrome de down", 2.0),
        ("paralisis cerebral", 2.0), ("movilidad reducida", 2.0), ("accesibilidad", 1.0),
        ("necesidades especiales", 2.0), ("educacion especial", 1.5), ("plena inclusion", 2.0),
        ("deporte adaptado", 2.0), ("deporte inclusivo", 2.0), ("deficiencia visual", 2.0),
        ("baja vision", 2.0), ("espectro autista", 2.0), ("dependencia", 0.5),
        # fr
        ("aveugle*", 2.0), ("malvoyant*", 2.0), ("sourd", 2.0), ("sourds", 2.0), ("malentendant*", 2.0),
        ("langue des signes", 2.0), ("lsf", 1.5), ("fauteuil roulant", 2.0), ("trisomie*", 2.0),
        ("polyhandicap*", 2.0), ("mobilite reduite", 2.0), ("accessibilite", 1.0), ("esat", 1.5),
        ("sport adapte", 2.0), ("handisport", 2.0), ("troubles du neurodeveloppement", 1.5),
        ("deficience*", 1.5), ("aidants familiaux", 1.0), ("inclusion des personnes handicapees", 2.0),
        # de
        ("behinderung*", 2.0), ("behindert*", 1.5), ("inklusion", 1.0), ("inklusiv*", 1.0),
        ("barrierefrei*", 1.5), ("blinde*", 1.5), ("sehbehindert*", 2.0), ("gehorlos*", 2.0),
        ("schwerhorig*", 2.0), ("gebardensprache", 2.0), ("rollstuhl*", 2.0), ("lebenshilfe", 2.0),
        ("down syndrom", 2.0), ("beeintrachtigung*", 1.5), ("behindertensport", 2.0), ("rehasport", 1.0),
        ("leichte sprache", 2.0), ("assistenzhund*", 1.5), ("teilhabe", 0.5),
        # pt
        ("deficiencia", 1.5), ("pessoas com deficiencia", 2.0), ("pcd", 2.0), ("cegos", 1.5),
        ("cegueira", 1.5), ("surdos", 2.0), ("surdez", 2.0), ("libras", 1.5), ("lingua de sinais", 2.0),
        ("cadeira de rodas", 2.0), ("cadeirantes", 2.0), ("acessibilidade", 1.0),
        ("mobilidade reduzida", 2.0), ("necessidades especiais", 2.0), ("apae", 2.0),
        ("paralisia cerebral", 2.0), ("baixa visao", 2.0), ("esporte adaptado", 2.0), ("paralimpic*", 2.0),
        ("deficiencia intelectual", 2.0),
    ),
    # Disasters and emergencies: floods, earthquakes, fires, storms, conflicts; preparedness, relief,
    # civil protection, crisis and humanitarian mapping, crime and public safety. "mapping" alone is a
    # skill, not this cause; "emergency" alone is 0.5 ("emergency contact"; "emergency shelter" is
    # housing); "drought" is 0.5 (climate stories); "humanitarian crisis" swallows "crisis".
    "disaster-relief": (
        # en
        ("disaster*", 2.0), ("emergency response", 2.0), ("emergency management", 1.5),
        ("emergency preparedness", 2.0), ("emergency", 0.5), ("humanitarian*", 1.0),
        ("humanitarian response", 2.0), ("humanitarian aid", 1.5), ("humanitarian crisis", 2.0),
        ("flood*", 1.5), ("earthquake*", 2.0), ("hurricane*", 2.0), ("cyclone*", 2.0), ("wildfire*", 2.0),
        ("tornado*", 2.0), ("landslide*", 2.0), ("drought*", 0.5), ("evacuation*", 1.0),
        ("first responder*", 1.5), ("search and rescue", 2.0), ("red cross", 1.5), ("fema", 2.0),
        ("crisis mapping", 2.0), ("humanitarian mapping", 2.0), ("damage assessment", 2.0),
        ("preparedness", 1.0), ("civil defence", 2.0), ("civil defense", 2.0), ("civil protection", 2.0),
        ("crisis response", 2.0), ("storm", 1.0), ("storms", 1.0), ("firefight*", 1.5),
        ("public safety", 1.0), ("crime prevention", 1.5), ("neighbourhood watch", 1.5),
        ("community safety", 1.5), ("crime safety", 2.0), ("emergency safety", 2.0),
        ("emergency shelter*", 0.5),
        # es
        ("desastre*", 2.0), ("catastrofe*", 2.0), ("emergencias", 1.0), ("emergencia humanitaria", 2.0),
        ("ayuda humanitaria", 2.0), ("accion humanitaria", 2.0), ("inundac*", 2.0), ("terremoto*", 2.0),
        ("sismo*", 2.0), ("huracan*", 2.0), ("incendios forestales", 2.0), ("incendio forestal", 2.0),
        ("dana", 1.0), ("proteccion civil", 2.0), ("defensa civil", 2.0), ("gestion de riesgos", 1.5),
        ("damnificados", 2.0), ("respuesta a emergencias", 2.0), ("primera respuesta", 1.5),
        ("evacuacion", 1.0), ("cruz roja", 1.5), ("bomberos", 1.5), ("deslizamiento*", 1.5),
        ("tormenta*", 1.0), ("riesgo de desastres", 2.0), ("afectados por", 0.5), ("reconstruccion", 0.5),
        # fr
        ("catastrophe*", 2.0), ("urgence", 0.5), ("aide humanitaire", 2.0), ("action humanitaire", 2.0),
        ("humanitaire*", 1.0), ("inondation*", 2.0), ("seisme*", 2.0), ("tremblement de terre", 2.0),
        ("ouragan*", 2.0), ("incendie*", 1.0), ("feux de foret", 2.0), ("protection civile", 2.0),
        ("securite civile", 2.0), ("secouriste*", 1.5), ("sinistres", 1.5), ("croix rouge", 1.5),
        ("sapeurs pompiers", 1.5), ("pompiers", 1.5), ("gestion de crise", 1.5), ("cellule de crise", 1.5),
        ("tempete*", 1.0), ("urgence humanitaire", 2.0), ("reserve communale", 2.0), ("secours", 0.5),
        # de
        ("katastrophe*", 2.0), ("hochwasser*", 2.0), ("uberschwemmung*", 2.0), ("flut", 1.0),
        ("flutkatastrophe", 2.0), ("erdbeben*", 2.0), ("waldbrand*", 2.0), ("nothilfe", 2.0),
        ("soforthilfe", 1.5), ("humanitare hilfe", 2.0), ("humanitare*", 1.0), ("thw", 2.0),
        ("technisches hilfswerk", 2.0), ("feuerwehr*", 1.5), ("freiwillige feuerwehr", 2.0),
        ("zivilschutz", 2.0), ("bevolkerungsschutz", 2.0), ("rettungsdienst*", 1.5), ("rotes kreuz", 1.5),
        ("notfall*", 0.5), ("krisengebiet*", 1.5), ("wasserwacht", 1.5), ("dlrg", 1.5), ("sturm", 0.5),
        ("einsatzkrafte", 1.0),
        # pt
        ("ajuda humanitaria", 2.0), ("acao humanitaria", 2.0), ("emergencia", 0.5), ("enchente*", 2.0),
        ("alagamento*", 2.0), ("deslizamento*", 2.0), ("desabrigados", 2.0), ("desalojados", 1.5),
        ("defesa civil", 2.0), ("areas de risco", 1.5), ("area de risco", 1.5), ("chuvas", 0.5),
        ("queimadas", 1.5), ("incendios florestais", 2.0), ("gestao de riscos", 1.5),
        ("resposta a emergencias", 2.0), ("bombeiros", 1.5), ("cruz vermelha", 1.5), ("tragedia*", 1.0),
        ("rompimento de barragem", 2.0), ("reducao de riscos", 1.5), ("seca", 0.5), ("socorro", 0.5),
    ),
    # Education and literacy: tutoring, reading, homework help, schools, adult and language learning,
    # STEM and financial education. "tutorial" is not tutoring (no "tutor*"); "learning", "school",
    # "students" and French "lecture" are only 0.5; "stem from" is masked.
    "education-literacy": (
        # en
        ("education*", 1.0), ("educator*", 1.0), ("literacy", 2.0), ("illiteracy", 2.0), ("tutor", 2.0),
        ("tutors", 2.0), ("tutoring", 2.0), ("reading", 0.5), ("learn to read", 2.0),
        ("homework", 1.5), ("homework help", 2.0), ("students", 0.5), ("school*", 0.5), ("teach*", 1.0),
        ("classroom*", 1.0), ("lesson*", 1.0), ("learners", 1.0), ("learning", 0.5), ("esl", 1.5),
        ("english as a second language", 2.0), ("adult education", 2.0), ("adult learners", 2.0),
        ("stem", 0.5), ("learn to code", 1.5), ("scholarship*", 1.0), ("college application*", 1.5),
        ("university application*", 1.5), ("instructor*", 1.0), ("numeracy", 2.0),
        ("financial literacy", 2.0), ("financial education", 2.0), ("early childhood", 1.0),
        ("digital literacy", 1.0), ("media literacy", 1.0), ("math", 1.0), ("maths", 1.0),
        ("mathematics", 1.0), ("curriculum", 1.0), ("curricula", 1.0), ("after school", 1.0),
        # es
        ("educacion", 1.0), ("educativ*", 1.0), ("alfabetiza*", 2.0), ("analfabet*", 2.0),
        ("apoyo escolar", 1.5), ("refuerzo escolar", 2.0), ("clases particulares", 1.5), ("docente*", 1.0),
        ("profesor*", 1.0), ("ensenanza", 1.0), ("ensenar", 1.0), ("estudiantes", 0.5), ("escuela*", 0.5),
        ("lectura", 1.0), ("lectoescritura", 2.0), ("animacion a la lectura", 2.0),
        ("fomento de la lectura", 2.0), ("comprension lectora", 2.0), ("aprendizaje", 0.5), ("clases", 0.5),
        ("educacion financiera", 2.0), ("abandono escolar", 2.0), ("fracaso escolar", 2.0), ("becas", 1.0),
        ("matematica*", 1.0), ("educador*", 1.0), ("alumnos", 0.5), ("tutoria", 1.5), ("tutorias", 1.5),
        # fr
        ("educatif", 1.0), ("alphabetisation", 2.0), ("illettrisme", 2.0), ("analphabet*", 2.0),
        ("soutien scolaire", 2.0), ("aide aux devoirs", 2.0), ("accompagnement scolaire", 2.0),
        ("cours de francais", 1.5), ("francais langue etrangere", 2.0), ("fle", 1.0), ("enseignement", 1.0),
        ("enseignant*", 1.0), ("eleves", 0.5), ("ecole*", 0.5), ("lecture", 0.5), ("apprentissage", 0.5),
        ("decrochage scolaire", 2.0), ("reussite scolaire", 2.0), ("savoirs de base", 1.5),
        ("education financiere", 2.0), ("cours", 0.5), ("tutorat", 1.5), ("mathematiques", 1.0),
        ("pedagogique*", 1.0),
        # de
        ("bildung*", 1.0), ("nachhilfe*", 2.0), ("hausaufgaben*", 1.5), ("hausaufgabenhilfe", 2.0),
        ("lernhilfe", 2.0), ("lernbegleit*", 1.5), ("lernpate*", 2.0), ("lesepate*", 2.0),
        ("leseforderung", 2.0), ("lesen", 0.5), ("alphabetisierung", 2.0), ("grundbildung", 2.0),
        ("deutschkurs*", 1.5), ("sprachkurs*", 1.0), ("deutschunterricht", 1.5), ("unterricht*", 1.0),
        ("lehrer*", 1.0), ("lehrkraft*", 1.0), ("schule*", 0.5), ("lernen", 0.5), ("sprachforderung", 1.5),
        ("lerncafe", 1.5), ("schulabschluss", 1.0), ("mathe", 1.0),
        # pt
        ("educacao", 1.0), ("reforco escolar", 2.0), ("apoio escolar", 1.5), ("aulas", 1.0), ("ensino", 1.0),
        ("ensinar", 1.0), ("estudantes", 0.5), ("escola*", 0.5), ("leitura", 1.0), ("letramento", 2.0),
        ("evasao escolar", 2.0), ("pre vestibular", 2.0), ("cursinho*", 1.5), ("vestibular", 1.5),
        ("enem", 1.5), ("educacao financeira", 2.0), ("bolsas de estudo", 1.0), ("eja", 1.5),
        ("educacao de jovens e adultos", 2.0), ("mediacao de leitura", 2.0), ("contacao de historias", 1.0),
        ("aprendizagem", 0.5), ("educacao infantil", 1.0),
        # added after measuring: language classes, homework help, college access
        ("language classes", 1.5), ("language lessons", 1.5), ("english classes", 2.0), ("clases de espanol", 2.0), ("clases de idioma*", 1.5), ("cours de langue", 1.5), ("aulas de portugues", 2.0), ("incentivo a leitura", 2.0), ("bibliotecas comunitarias", 1.5), ("reading sessions", 1.5), ("reading buddy", 2.0), ("college access", 1.5), ("essay coach*", 1.0),
    ),
    # Work and livelihoods: job search, CVs and interviews, career mentoring, job training,
    # entrepreneurship, small business, microfinance, economic development. "send your CV" (how to apply)
    # keeps bare "cv" at 0.5; equal-opportunity boilerplate and French "mode d'emploi" are masked.
    "employment": (
        # en
        ("employment", 1.5), ("employab*", 2.0), ("job seeker*", 2.0), ("jobseeker*", 2.0),
        ("job search*", 1.5), ("job training", 2.0), ("job readiness", 2.0), ("job skills", 1.5),
        ("jobs", 0.5), ("career*", 1.0), ("career mentor*", 2.0), ("career coach*", 2.0),
        ("career advice", 2.0), ("careers advice", 2.0), ("resume review*", 2.0), ("resumes", 1.0),
        ("cv", 0.5), ("cv writing", 2.0), ("interview practice", 2.0), ("mock interview*", 2.0),
        ("interview skills", 2.0), ("unemploy*", 2.0), ("workforce development", 2.0), ("livelihood*", 1.5),
        ("income generat*", 1.5), ("entrepreneur*", 1.5), ("small business*", 1.5), ("microfinance", 2.0),
        ("microcredit", 2.0), ("economic development", 2.0), ("economic opportunit*", 2.0),
        ("economic empowerment", 2.0), ("vocational", 1.5), ("apprentice*", 1.5), ("back to work", 1.5),
        ("linkedin", 0.5), ("social enterprise*", 1.0), ("civilian career*", 1.5), ("job club*", 2.0),
        ("workers rights", 1.0),
        # es
        ("empleo", 1.5), ("empleabilidad", 2.0), ("insercion laboral", 2.0), ("insercion sociolaboral", 2.0),
        ("orientacion laboral", 2.0), ("busqueda de empleo", 2.0), ("buscar empleo", 1.5),
        ("buscar trabajo", 1.5), ("desempleo", 2.0), ("desemplead*", 2.0), ("parados", 1.0),
        ("formacion profesional", 1.5), ("emprendimiento", 1.5), ("emprendedor*", 1.5),
        ("microcredito*", 2.0), ("microempresa*", 1.5), ("pymes", 1.0), ("curriculum vitae", 1.0),
        ("entrevista de trabajo", 2.0), ("entrevistas de trabajo", 2.0), ("mercado laboral", 1.5),
        ("trabajo digno", 1.5), ("desarrollo economico", 2.0), ("medios de vida", 1.5), ("laboral*", 1.0),
        ("orientacion profesional", 2.0),
        # fr
        ("emploi", 1.5), ("insertion professionnelle", 2.0), ("insertion", 1.0), ("demandeurs d'emploi", 2.0),
        ("recherche d'emploi", 2.0), ("chomage", 2.0), ("chomeurs", 2.0), ("chercheurs d'emploi", 2.0),
        ("retour a l'emploi", 2.0), ("entretien d'embauche", 2.0), ("entretiens d'embauche", 2.0),
        ("embauche", 1.0), ("creation d'entreprise", 1.5), ("reconversion", 1.5),
        ("orientation professionnelle", 2.0), ("parrainage professionnel", 2.0), ("france travail", 1.5),
        ("pole emploi", 1.5), ("developpement economique", 2.0), ("chantier d'insertion", 2.0),
        ("metier*", 0.5),
        # de
        ("arbeitslos*", 2.0), ("arbeitssuche*", 2.0), ("arbeitsuchend*", 2.0), ("jobsuche", 2.0),
        ("bewerbung*", 0.5), ("bewerbungstraining", 2.0), ("bewerbungshilfe", 2.0),
        ("bewerbungsunterlagen", 1.5), ("arbeitsmarkt*", 1.5), ("berufseinstieg", 2.0),
        ("berufsorientierung", 2.0), ("ausbildungsplatz*", 1.5), ("ausbildung", 0.5), ("beruf*", 0.5),
        ("jobcoach*", 2.0), ("existenzgrund*", 2.0), ("grunder*", 1.0), ("mikrokredit*", 2.0),
        ("beschaftigung", 1.0), ("arbeitsintegration", 2.0), ("qualifizierung", 1.0), ("karriere*", 1.0),
        ("jobcenter", 1.5),
        # pt
        ("emprego*", 1.5), ("empregabilidade", 2.0), ("desemprego", 2.0), ("desempregad*", 2.0),
        ("geracao de renda", 2.0), ("renda", 0.5), ("mercado de trabalho", 2.0),
        ("insercao profissional", 2.0), ("qualificacao profissional", 2.0), ("capacitacao profissional", 2.0),
        ("curriculo*", 1.0), ("entrevista de emprego", 2.0), ("empreendedor*", 1.5),
        ("microempreendedor*", 2.0), ("economia solidaria", 1.5), ("primeiro emprego", 2.0),
        ("jovem aprendiz", 2.0), ("desenvolvimento economico", 2.0), ("pequenos negocios", 1.5),
        ("meios de vida", 1.5), ("carreira*", 1.0), ("orientacao profissional", 2.0),
    ),
    # Environment and climate: climate action, conservation, biodiversity, pollution, waste and recycling,
    # trees and forests, rivers and oceans, energy, water and sanitation, agriculture, environmental
    # data. "family tree"/"decision tree"/"random forest" are masked; "climate crisis" and "climate
    # emergency" are decisive here and swallow "crisis"/"emergency"; bare "environment" is 1.0 with
    # "work/learning/safe environment" masked; "water" and "nature" are weak, "energy" only counts in
    # phrases ("energies renouvelables", "Energiewende").
    "environment": (
        # en
        ("environment", 1.0), ("environmental*", 2.0), ("climate", 1.5), ("climate change", 2.0),
        ("climate crisis", 2.0), ("climate emergency", 2.0), ("climate justice", 2.0),
        ("global warming", 2.0), ("sustainab*", 1.0), ("conservation", 1.5), ("nature", 0.5),
        ("nature reserve*", 2.0), ("biodiversity", 2.0), ("ecolog*", 1.5), ("recycl*", 1.5), ("waste", 1.0),
        ("litter pick*", 2.0), ("beach clean*", 2.0), ("tree", 1.0), ("trees", 1.0), ("forest*", 1.5),
        ("reforest*", 2.0), ("wildlife", 1.0), ("pollution", 2.0), ("air quality", 2.0),
        ("water quality", 2.0), ("water", 0.5), ("water sanitation", 2.0), ("river*", 1.0), ("ocean*", 1.0),
        ("marine", 1.0), ("carbon", 1.0), ("emissions", 1.5), ("renewable*", 2.0), ("solar", 1.5),
        ("agricultur*", 1.0), ("compost*", 1.5), ("community garden*", 1.0), ("planet", 1.0),
        ("wildlife refuge*", 1.0),
        # es
        ("medio ambiente", 2.0), ("medioambient*", 2.0), ("ambiental*", 2.0), ("cambio climatico", 2.0),
        ("clima", 1.0), ("accion climatica", 2.0), ("crisis climatica", 2.0), ("emergencia climatica", 2.0),
        ("sostenib*", 1.0), ("sustentab*", 1.0), ("recicl*", 1.5), ("residuos", 1.0), ("basura*", 1.0),
        ("limpieza de playas", 2.0), ("arboles", 1.0), ("bosque*", 1.0), ("naturaleza", 1.0),
        ("biodiversidad", 2.0), ("contaminacion", 1.5), ("calidad del aire", 2.0), ("calidad del agua", 2.0),
        ("agua", 0.5), ("energias renovables", 2.0), ("huerto*", 1.0), ("agroecolog*", 2.0),
        ("espacios naturales", 1.5), ("conservacion", 1.5), ("plantacion de arboles", 2.0),
        # fr
        ("environnement", 1.5), ("environnemental*", 2.0), ("transition ecologique", 2.0),
        ("changement climatique", 2.0), ("dereglement climatique", 2.0), ("crise climatique", 2.0),
        ("climat", 1.0), ("biodiversite", 2.0), ("developpement durable", 1.5), ("dechets", 1.5),
        ("ramassage de dechets", 2.0), ("qualite de l'air", 2.0), ("qualite de l'eau", 2.0), ("eau", 0.5),
        ("foret*", 1.0), ("arbres", 1.0), ("plantation d'arbres", 2.0), ("potager*", 1.0),
        ("energies renouvelables", 2.0), ("zero dechet", 2.0), ("protection de la nature", 2.0),
        ("espaces naturels", 1.5), ("littoral", 1.0), ("jardin partage*", 1.0), ("sobriete energetique", 1.5),
        # de
        ("umwelt*", 1.5), ("umweltschutz", 2.0), ("klima", 1.0), ("klimaschutz*", 2.0), ("klimawandel", 2.0),
        ("klimakrise", 2.0), ("klimagerechtigkeit", 2.0), ("klimaneutral*", 2.0), ("naturschutz*", 2.0),
        ("natur", 1.0), ("nachhaltig*", 1.0), ("okolog*", 1.5), ("artenvielfalt", 2.0),
        ("biodiversitat", 2.0), ("mull", 1.0), ("mullsammel*", 2.0), ("abfall*", 1.0), ("wald", 1.0),
        ("walder", 1.0), ("aufforstung", 2.0), ("baume", 1.0), ("baumpflanz*", 2.0), ("gewasser*", 1.0),
        ("luftqualitat", 2.0), ("wasserqualitat", 2.0), ("erneuerbare energien", 2.0), ("energiewende", 2.0),
        ("gemeinschaftsgarten", 1.0), ("landwirtschaft", 1.0), ("nabu", 1.5), ("greenpeace", 2.0),
        ("plastik*", 1.0), ("fridays for future", 2.0), ("nachhaltigkeitsziele", 1.0),
        # pt
        ("meio ambiente", 2.0), ("mudancas climaticas", 2.0), ("mudanca climatica", 2.0),
        ("crise climatica", 2.0), ("lixo", 1.0), ("limpeza de praia*", 2.0), ("reflorestamento", 2.0),
        ("arvores", 1.0), ("floresta*", 1.5), ("amazonia", 1.0), ("natureza", 1.0), ("biodiversidade", 2.0),
        ("poluicao", 1.5), ("qualidade do ar", 2.0), ("qualidade da agua", 2.0), ("energia renovavel", 2.0),
        ("energias renovaveis", 2.0), ("horta*", 1.0), ("conservacao", 1.5), ("rios", 1.0),
        ("nascentes", 1.0), ("mata atlantica", 2.0), ("cerrado", 1.0), ("unidades de conservacao", 2.0),
        ("saneamento", 1.0),
    ),
    # Faith communities: churches, mosques, synagogues, temples, interfaith dialogue, chaplaincy, religious
    # charities. "in good faith" and equal-opportunity "race, color, religion" are masked; "mission" (every
    # charity has one) and "ministry" of government are not decisive.
    "faith-based": (
        # en
        ("faith*", 1.5), ("faith based", 2.0), ("church*", 1.5), ("congregation*", 1.5), ("parish*", 1.5),
        ("ministry", 1.0), ("chaplain*", 2.0), ("mosque*", 2.0), ("synagogue*", 2.0), ("temple*", 1.5),
        ("interfaith", 2.0), ("interreligi*", 2.0), ("religio*", 1.5), ("bible", 1.5), ("prayer*", 1.5),
        ("worship", 1.5), ("spiritual*", 1.0), ("christian*", 1.5), ("catholic*", 1.5), ("muslim*", 1.5),
        ("islam*", 1.5), ("jewish", 1.5), ("hindu*", 1.5), ("buddhis*", 1.5), ("sikh*", 1.5),
        ("ramadan", 1.5), ("iftar", 1.5), ("diocese*", 2.0), ("salvation army", 1.0), ("missionar*", 1.5),
        ("clergy", 2.0), ("rabbi*", 2.0), ("imam*", 2.0), ("evangeli*", 1.0), ("ecumenical", 2.0),
        ("religious freedom", 1.0), ("jesus", 1.5), ("god", 1.0), ("pastor*", 1.5),
        # es
        ("iglesia*", 2.0), ("parroquia*", 2.0), ("cristian*", 1.5), ("catolic*", 1.5), ("mezquita*", 2.0),
        ("sinagoga*", 2.0), ("templo*", 1.5), ("caritas", 1.5), ("misioner*", 1.5), ("espiritual*", 1.0),
        ("oracion", 1.5), ("catequesis", 2.0), ("catequista*", 2.0), ("diocesis", 2.0), ("musulman*", 1.5),
        ("judio*", 1.5), ("judia*", 1.5), ("cofradia*", 1.5), ("pastoral juvenil", 2.0),
        ("comunidad religiosa", 2.0), ("fe cristiana", 2.0),
        # fr
        ("eglise*", 2.0), ("paroisse*", 2.0), ("paroissia*", 2.0), ("religieu*", 1.5), ("chretien*", 1.5),
        ("catholique*", 1.5), ("protestant*", 1.5), ("aumonerie*", 2.0), ("aumonier*", 2.0),
        ("spirituel*", 1.0), ("priere*", 1.5), ("foi", 1.0), ("juive*", 1.5), ("juif*", 1.5),
        ("secours catholique", 1.5), ("diaconie", 2.0), ("culte", 1.0),
        # de
        ("kirche*", 2.0), ("kirchlich*", 2.0), ("pfarr*", 2.0), ("diakon*", 2.0), ("katholisch*", 1.5),
        ("christlich*", 1.5), ("christ", 1.0), ("moschee*", 2.0), ("synagoge*", 2.0), ("judisch*", 1.5),
        ("glaube*", 0.5), ("seelsorge", 1.0), ("gottesdienst*", 2.0), ("konfirmand*", 2.0), ("firmung", 2.0),
        ("okumen*", 2.0), ("bistum*", 2.0), ("erzbistum*", 2.0), ("dekanat", 1.5), ("bahnhofsmission", 1.5),
        ("gemeindehaus", 1.5),
        # pt
        ("igreja*", 2.0), ("paroquia*", 2.0), ("cristao", 1.5), ("cristaos", 1.5), ("crista", 1.5),
        ("mesquita*", 2.0), ("espirita*", 2.0), ("umbanda", 2.0), ("candomble", 2.0), ("terreiro*", 1.5),
        ("oracao", 1.5), ("catequese", 2.0), ("pastoral da crianca", 2.0), ("comunidade religiosa", 2.0),
        ("evangelho", 1.5), ("fe", 0.5),
    ),
    # Health care and public health: hospitals, clinics, patients, nursing, diseases, vaccination, blood
    # donation, sexual and reproductive health, palliative care, health facilities. Bare "health"/"salud"/
    # "sante"/"saude" are 1.0 (decisive only in the title or a label) and "mental health" etc. swallow
    # them; the adjective "patient" and "clinical" ("clinical supervisors" of crisis lines) are not used,
    # "be patient" and "health and safety" are masked; "hospitality" is not "hospital".
    "health-medicine": (
        # en
        ("health", 1.0), ("health care", 2.0), ("healthcare", 2.0), ("public health", 2.0),
        ("global health", 2.0), ("medical", 1.5), ("medicine*", 1.5), ("hospital", 1.5), ("hospitals", 1.5),
        ("clinic", 1.5), ("clinics", 1.5), ("patients", 1.5), ("nurse*", 1.5), ("nursing", 1.5),
        ("doctor", 1.0), ("doctors", 1.0), ("physician*", 1.5), ("clinician*", 1.5), ("telehealth", 2.0),
        ("cancer", 2.0), ("hiv", 2.0), ("diabetes", 2.0), ("dementia", 1.0), ("vaccin*", 2.0),
        ("maternal health", 2.0), ("blood donat*", 2.0), ("blood drive*", 2.0), ("first aid", 1.0),
        ("hospice*", 1.5), ("palliativ*", 1.5), ("health facilit*", 2.0), ("health worker*", 2.0),
        ("disease*", 1.5), ("illness*", 1.0), ("sexual health", 2.0), ("reproductive health", 2.0),
        ("family planning", 1.5), ("dental", 1.5), ("paramedic*", 1.5), ("immuni*", 1.5),
        # es
        ("salud", 1.0), ("salud publica", 2.0), ("sanitari*", 1.0), ("hospitales", 1.5), ("clinica", 1.5),
        ("clinicas", 1.5), ("medico*", 1.5), ("medicina", 1.5), ("enfermer*", 1.5), ("enfermedad*", 1.5),
        ("pacientes", 1.5), ("vih", 2.0), ("sida", 1.5), ("vacun*", 2.0), ("donacion de sangre", 2.0),
        ("donantes de sangre", 2.0), ("primeros auxilios", 1.0), ("cuidados paliativos", 1.5),
        ("salud sexual", 2.0), ("salud reproductiva", 2.0), ("promocion de la salud", 2.0),
        ("centro de salud", 2.0), ("centros de salud", 2.0), ("atencion primaria", 2.0), ("sanidad", 1.5),
        ("farmacia*", 1.5), ("nutricion", 1.0), ("odontolog*", 1.5), ("oncolog*", 2.0), ("pediatri*", 1.0),
        ("hospitalizad*", 1.5), ("telemedic*", 2.0),
        # fr
        ("sante", 1.0), ("sante publique", 2.0), ("soins", 1.0), ("hopital", 1.5), ("hopitaux", 1.5),
        ("medicale*", 1.5), ("medicaux", 1.5), ("medecin*", 1.5), ("infirmi*", 1.5), ("maladie*", 1.5),
        ("malades", 1.5), ("don du sang", 2.0), ("premiers secours", 1.0), ("soins palliatifs", 1.5),
        ("sante sexuelle", 2.0), ("prevention sante", 2.0), ("centre de sante", 2.0), ("hospitalise*", 1.5),
        ("telemedecine", 2.0), ("soignant*", 1.5), ("cancer du sein", 2.0), ("handicap et sante", 1.0),
        # de
        ("gesundheit*", 1.0), ("gesundheitswesen", 2.0), ("gesundheitsversorgung", 2.0),
        ("gesundheitsforderung", 2.0), ("krankenhaus*", 1.5), ("klinik*", 1.5), ("arzt*", 1.5),
        ("medizin*", 1.5), ("pflege", 0.5), ("krankenpflege", 2.0), ("patienten", 1.5), ("krank", 1.0),
        ("krankheit*", 1.5), ("krebs*", 1.5), ("impf*", 2.0), ("blutspende*", 2.0), ("erste hilfe", 1.0),
        ("sanitatsdienst", 1.5), ("sanitater*", 1.5), ("hospiz*", 1.5), ("telemedizin", 2.0),
        ("selbsthilfegruppe*", 1.0), ("onkolog*", 2.0), ("kranke", 1.5),
        # pt
        ("saude", 1.0), ("saude publica", 2.0), ("hospitais", 1.5), ("enfermag*", 1.5), ("enfermeir*", 1.5),
        ("doenca*", 1.5), ("doentes", 1.5), ("vacina*", 2.0), ("doacao de sangue", 2.0),
        ("doadores de sangue", 2.0), ("primeiros socorros", 1.0), ("saude da mulher", 2.0),
        ("saude sexual", 2.0), ("ubs", 1.5), ("posto de saude", 2.0), ("postos de saude", 2.0),
        ("centro de saude", 2.0), ("nutricao", 1.0), ("hospitalar*", 1.5), ("doutores da alegria", 2.0),
        ("dengue", 1.5), ("agentes comunitarios de saude", 2.0),
    ),
    # Homelessness and housing: homeless services, rough sleeping, shelters and hostels for people,
    # evictions, tenants, affordable and social housing. Bare "shelter" tags nothing (animal shelters are
    # animals): only "homeless/night/winter/emergency shelter" and the other languages' equivalents.
    "homelessness-housing": (
        # en
        ("homeless*", 2.0), ("rough sleep*", 2.0), ("sleeping rough", 2.0), ("unhoused", 2.0),
        ("unsheltered", 2.0), ("houseless", 2.0), ("housing", 1.5), ("affordable housing", 2.0),
        ("eviction*", 2.0), ("tenant*", 1.5), ("renters", 1.5), ("landlord*", 1.0), ("rent arrears", 2.0),
        ("rent", 0.5), ("homeless shelter*", 2.0), ("night shelter*", 2.0), ("winter shelter*", 2.0),
        ("emergency shelter*", 2.0), ("habitat for humanity", 2.0), ("home repair*", 1.5),
        ("supportive housing", 2.0), ("social housing", 2.0), ("council housing", 2.0),
        ("public housing", 2.0), ("transitional housing", 2.0), ("housing first", 2.0),
        ("street outreach", 1.5), ("hostel*", 1.0), ("housing crisis", 2.0), ("foreclosure*", 2.0),
        ("housing advice", 2.0), ("housing association*", 2.0), ("warming cent*", 1.5),
        ("housing rights", 2.0), ("tenant rights", 2.0), ("soup run*", 1.0),
        # es
        ("personas sin hogar", 2.0), ("sin hogar", 2.0), ("sinhogarismo", 2.0), ("sin techo", 2.0),
        ("situacion de calle", 2.0), ("indigente*", 1.5), ("vivienda*", 1.5), ("desahucio*", 2.0),
        ("desalojo*", 2.0), ("albergue*", 1.5), ("centro de acogida", 1.0), ("vivienda social", 2.0),
        ("vivienda digna", 2.0), ("alquiler", 0.5), ("inquilinos", 1.5), ("exclusion residencial", 2.0),
        ("personas sin techo", 2.0), ("sin domicilio", 2.0),
        # fr
        ("sans abri*", 2.0), ("sans domicile*", 2.0), ("sdf", 2.0), ("sans logement", 2.0),
        ("mal logement", 2.0), ("mal loges", 2.0), ("logement*", 1.5), ("hebergement d'urgence", 2.0),
        ("hebergement*", 1.0), ("maraude*", 2.0), ("samu social", 2.0), ("expulsions locatives", 2.0),
        ("locataires", 1.5), ("fondation abbe pierre", 2.0), ("emmaus", 1.0), ("droit au logement", 2.0),
        ("insalubre", 1.5), ("refuge pour sans abri", 2.0), ("accueil de nuit", 2.0),
        ("foyer d'hebergement", 2.0),
        # de
        ("obdachlos*", 2.0), ("wohnungslos*", 2.0), ("wohnungsnot", 2.0), ("wohnraum", 1.5), ("wohnen", 0.5),
        ("notunterkunft*", 1.5), ("notschlafstelle*", 2.0), ("kaltebus", 2.0), ("zwangsraumung*", 2.0),
        ("mieter*", 1.5), ("miete", 0.5), ("sozialwohnung*", 2.0), ("sozialer wohnungsbau", 2.0),
        ("strassensozialarbeit", 1.5), ("bahnhofsmission", 1.5), ("strassenzeitung", 1.5),
        ("wohnungsverlust", 2.0), ("wohnung", 1.0), ("wohnungen", 1.0),
        # pt
        ("pessoas em situacao de rua", 2.0), ("situacao de rua", 2.0), ("moradores de rua", 2.0),
        ("populacao de rua", 2.0), ("sem teto", 2.0), ("sem abrigo", 2.0), ("moradia*", 1.5),
        ("habitacao", 1.5), ("habitacional", 1.5), ("despejo*", 2.0), ("casa de passagem", 2.0),
        ("centro pop", 2.0), ("aluguel", 0.5), ("habitacao social", 2.0), ("regularizacao fundiaria", 2.0),
        ("deficit habitacional", 2.0), ("moradia digna", 2.0), ("albergue noturno", 2.0),
    ),
    # Hunger and food security: food banks and pantries, soup kitchens, community fridges, food rescue,
    # meals, malnutrition. German "Tafel" is the food-bank network; "meal*" is 1.0 (a "shared meal").
    "hunger": (
        # en
        ("hunger", 2.0), ("hungry", 1.5), ("food bank*", 2.0), ("foodbank*", 2.0), ("food pantr*", 2.0),
        ("pantry", 1.5), ("pantries", 1.5), ("soup kitchen*", 2.0), ("food insecur*", 2.0),
        ("food security", 2.0), ("food rescue", 2.0), ("food recovery", 2.0), ("food drive*", 2.0),
        ("community fridge*", 2.0), ("community kitchen*", 1.5), ("food waste", 1.0), ("surplus food", 1.5),
        ("meal*", 1.0), ("meals on wheels", 2.0), ("food", 0.5), ("food distribution", 2.0),
        ("food parcel*", 2.0), ("groceries", 1.0), ("grocery", 1.0), ("feeding", 1.0), ("malnutrition", 2.0),
        ("free school meals", 1.5), ("breakfast club*", 1.0), ("gleaning", 2.0), ("famine", 1.5),
        ("food justice", 2.0), ("food access", 2.0), ("food aid", 2.0), ("food assistance", 2.0),
        ("soup run*", 2.0), ("fareshare", 2.0), ("world food programme", 2.0), ("hunger relief", 2.0),
        ("food poverty", 2.0), ("snap benefits", 1.5),
        # es
        ("hambre", 2.0), ("banco de alimentos", 2.0), ("bancos de alimentos", 2.0), ("comedor social", 2.0),
        ("comedores sociales", 2.0), ("comedor*", 1.0), ("olla comun", 2.0), ("ollas comunes", 2.0),
        ("olla popular", 2.0), ("alimentos", 1.0), ("alimentacion", 1.0), ("alimentari*", 1.0),
        ("seguridad alimentaria", 2.0), ("inseguridad alimentaria", 2.0), ("soberania alimentaria", 1.5),
        ("desnutricion", 2.0), ("malnutricion", 2.0), ("reparto de alimentos", 2.0),
        ("recogida de alimentos", 2.0), ("despensa*", 1.0), ("desperdicio alimentario", 1.5),
        ("comida*", 1.0), ("cocina solidaria", 2.0), ("comedor comunitario", 2.0),
        ("pobreza alimentaria", 2.0),
        # fr
        ("faim", 2.0), ("banque alimentaire", 2.0), ("banques alimentaires", 2.0), ("aide alimentaire", 2.0),
        ("restos du c*", 2.0), ("restaurants du c*", 2.0), ("epicerie solidaire", 2.0),
        ("epiceries solidaires", 2.0), ("epicerie sociale", 2.0), ("distribution alimentaire", 2.0),
        ("distribution de repas", 2.0), ("distributions alimentaires", 2.0), ("repas", 1.0),
        ("colis alimentaire*", 2.0), ("insecurite alimentaire", 2.0), ("securite alimentaire", 2.0),
        ("precarite alimentaire", 2.0), ("gaspillage alimentaire", 1.5), ("collecte alimentaire", 2.0),
        ("frigo solidaire", 2.0), ("frigos solidaires", 2.0), ("alimentation", 1.0), ("nourriture", 1.0),
        ("alimentaire*", 1.0),
        # de
        ("tafel", 2.0), ("tafeln", 2.0), ("lebensmittel*", 1.0), ("lebensmittelrettung", 2.0),
        ("lebensmittelausgabe", 2.0), ("lebensmittelverschwendung", 1.5), ("foodsharing", 2.0),
        ("armenspeisung", 2.0), ("suppenkuche", 2.0), ("mittagstisch", 1.5), ("essensausgabe", 2.0),
        ("ernahrung*", 1.0), ("ernahrungssicherheit", 2.0), ("fairteiler", 2.0), ("mahlzeit*", 1.0),
        ("welthungerhilfe", 2.0), ("unterernahrung", 2.0), ("hungernde", 2.0), ("lebensmittelspenden", 2.0),
        # pt
        ("fome", 2.0), ("cesta basica", 1.5), ("cestas basicas", 1.5), ("seguranca alimentar", 2.0),
        ("inseguranca alimentar", 2.0), ("alimentacao", 1.0), ("sopao", 2.0), ("marmita*", 1.5),
        ("refeicoes", 1.0), ("refeicao", 1.0), ("cozinha solidaria", 2.0), ("cozinhas solidarias", 2.0),
        ("restaurante popular", 1.5), ("desperdicio de alimentos", 1.5), ("doacao de alimentos", 2.0),
        ("arrecadacao de alimentos", 2.0), ("distribuicao de alimentos", 2.0), ("desnutricao", 2.0),
        ("mesa brasil", 2.0), ("combate a fome", 2.0),
    ),
    # Refugees, asylum seekers, migrants and newcomers: resettlement, integration, language practice, legal
    # status. "refugee*" is decisive but bare "refuge" (a nature refuge, French "refuge" for animals,
    # Spanish "refugio" = shelter) never counts; "without borders" in charity names is masked; bare
    # "migration" (IT data migration) is only 0.5.
    "immigrants-refugees": (
        # en
        ("refugee*", 2.0), ("asylum seeker*", 2.0), ("migrant*", 2.0), ("immigra*", 2.0), ("newcomer*", 1.5),
        ("newly arrived", 1.5), ("recent arrivals", 1.0), ("resettle*", 2.0), ("displaced", 1.5),
        ("internally displaced", 2.0), ("stateless*", 2.0), ("undocumented", 2.0), ("daca", 2.0),
        ("esol", 2.0), ("esl", 1.0), ("citizenship", 1.0), ("naturalization", 1.5), ("naturalisation", 1.5),
        ("deportation", 2.0), ("unaccompanied minors", 2.0), ("integration", 0.5),
        ("cultural orientation", 1.5), ("conversation circle*", 1.0), ("conversation club*", 1.0),
        ("unhcr", 2.0), ("dari", 1.0), ("pashto", 1.0), ("tigrinya", 1.0), ("rohingya", 2.0),
        ("diaspora*", 1.0), ("migration", 0.5), ("refugee crisis", 2.0), ("sanctuary city", 2.0),
        ("language exchange", 0.5), ("host famil*", 0.5), ("xenophob*", 1.0),
        # es
        ("refugiad*", 2.0), ("solicitantes de asilo", 2.0), ("asilo", 1.0), ("proteccion internacional", 2.0),
        ("migrac*", 1.5), ("inmigra*", 2.0), ("extranjeria", 1.5), ("acogida", 1.0), ("desplazad*", 1.5),
        ("apatrid*", 2.0), ("menores no acompanados", 2.0), ("clases de espanol", 1.5),
        ("espanol para extranjeros", 2.0), ("permiso de residencia", 1.5), ("regularizacion", 1.0),
        ("recien llegad*", 1.5), ("intercultur*", 1.0), ("personas extranjeras", 1.5),
        # fr
        ("refugie*", 2.0), ("demandeurs d'asile", 2.0), ("demandeur d'asile", 2.0), ("asile", 1.5),
        ("exile*", 1.5), ("exil", 1.5), ("immigre*", 2.0), ("sans papiers", 2.0), ("cimade", 2.0),
        ("ofpra", 2.0), ("primo arrivant*", 2.0), ("nouveaux arrivants", 1.0), ("cours de francais", 1.0),
        ("mineurs non accompagnes", 2.0), ("titre de sejour", 1.5), ("regularisation", 1.0),
        ("personnes deplacees", 2.0), ("deplaces internes", 2.0), ("personnes migrantes", 2.0),
        ("accueil des etrangers", 2.0), ("etrangers", 1.0), ("xenophobie", 1.0),
        # de
        ("gefluchtet*", 2.0), ("fluchtling*", 2.0), ("flucht", 1.5), ("asyl*", 2.0), ("zuwander*", 2.0),
        ("einwander*", 2.0), ("zugewandert*", 2.0), ("neuzugewandert*", 2.0), ("integrationskurs*", 2.0),
        ("integrationshilfe", 1.5), ("willkommenskultur", 2.0), ("sprachcafe*", 1.5), ("deutschkurs*", 1.0),
        ("deutsch als zweitsprache", 2.0), ("abschiebung*", 2.0), ("duldung", 1.5), ("interkulturell*", 1.0),
        ("unbegleitete minderjahrige", 2.0), ("migrationshintergrund", 1.5), ("aufenthaltstitel", 1.5),
        ("migrationsberatung", 2.0), ("migration und integration", 2.0),
        # pt
        ("solicitantes de refugio", 2.0), ("solicitante de refugio", 2.0), ("imigra*", 2.0),
        ("deslocados internos", 2.0), ("venezuelanos", 1.0), ("haitianos", 1.0), ("operacao acolhida", 2.0),
        ("portugues para estrangeiros", 2.0), ("pessoas refugiadas", 2.0), ("estrangeiros", 1.0),
        ("interiorizacao", 1.0), ("acolhimento de refugiados", 2.0), ("pessoas migrantes", 2.0),
        ("regularizacao migratoria", 2.0), ("xenofobia", 1.0),
    ),
    # International development: aid and cooperation between countries, the SDGs, the Global South, NGOs
    # abroad, fair trade, international relations, volunteering travel. Country names are not evidence
    # (most listings name a country); "international" and "global" alone are 0.5 at most.
    "international-development": (
        # en
        ("international development", 2.0), ("global development", 2.0),
        ("sustainable development goals", 2.0), ("sdgs", 1.0), ("developing countries", 2.0),
        ("developing world", 2.0), ("global south", 2.0), ("low income countries", 1.5),
        ("low and middle income countries", 2.0), ("lmic*", 2.0), ("sub saharan africa", 1.0),
        ("international", 0.5), ("ngos", 0.5), ("united nations", 1.0), ("undp", 2.0), ("world bank", 1.5),
        ("usaid", 2.0), ("foreign aid", 2.0), ("aid workers", 1.5), ("capacity building", 1.0),
        ("fair trade", 1.5), ("smallholder*", 1.0), ("rural development", 1.0), ("global health", 1.0),
        ("peacebuilding", 1.5), ("peace building", 1.5), ("peace corps", 2.0), ("volunteer abroad", 1.5),
        ("voluntourism", 2.0), ("travel", 0.5), ("hospitality", 0.5), ("international relations", 2.0),
        ("diplomacy", 1.5), ("foreign policy", 1.5), ("global citizenship", 1.5),
        ("development cooperation", 2.0), ("development sector", 1.5), ("sahel", 1.0),
        ("least developed countries", 2.0), ("international cooperation", 2.0),
        # es
        ("cooperacion internacional", 2.0), ("cooperacion al desarrollo", 2.0),
        ("desarrollo sostenible", 1.0), ("objetivos de desarrollo sostenible", 2.0), ("ods", 1.0),
        ("paises en desarrollo", 2.0), ("paises en vias de desarrollo", 2.0), ("sur global", 2.0),
        ("ayuda al desarrollo", 2.0), ("ongd", 2.0), ("cooperante*", 2.0), ("solidaridad internacional", 2.0),
        ("comercio justo", 1.5), ("voluntariado internacional", 1.5), ("codesarrollo", 2.0),
        ("educacion para el desarrollo", 2.0), ("naciones unidas", 1.0), ("pnud", 2.0),
        ("relaciones internacionales", 1.5), ("agenda 2030", 1.0),
        # fr
        ("solidarite internationale", 2.0), ("cooperation internationale", 2.0),
        ("aide au developpement", 2.0), ("pays en developpement", 2.0), ("pays du sud", 1.5),
        ("developpement international", 2.0), ("objectifs de developpement durable", 2.0),
        ("afrique de l'ouest", 1.0), ("nations unies", 1.0), ("france volontaires", 1.5),
        ("volontariat international", 1.5), ("commerce equitable", 1.5), ("codeveloppement", 2.0),
        ("relations internationales", 1.5), ("ong internationale", 1.0), ("cooperation decentralisee", 2.0),
        # de
        ("entwicklungszusammenarbeit", 2.0), ("entwicklungshilfe", 2.0), ("entwicklungspolitik*", 2.0),
        ("entwicklungsland*", 2.0), ("globaler suden", 2.0), ("globalen suden", 2.0),
        ("internationale zusammenarbeit", 2.0), ("nachhaltige entwicklung", 1.0),
        ("nachhaltigkeitsziele", 1.5), ("fairer handel", 1.5), ("weltladen", 1.5), ("eine welt", 1.5),
        ("weltwarts", 2.0), ("freiwilligendienst im ausland", 1.5), ("vereinte nationen", 1.0), ("giz", 1.5),
        ("globales lernen", 1.5), ("partnerschaftsprojekt*", 1.0),
        # pt
        ("cooperacao internacional", 2.0), ("desenvolvimento internacional", 2.0),
        ("paises em desenvolvimento", 2.0), ("sul global", 2.0),
        ("objetivos de desenvolvimento sustentavel", 2.0), ("desenvolvimento sustentavel", 1.0),
        ("ajuda ao desenvolvimento", 2.0), ("nacoes unidas", 1.0), ("relacoes internacionais", 1.5),
        ("cooperacao sul sul", 2.0), ("ajuda internacional", 2.0), ("lusofonia", 1.0),
        ("paises africanos de lingua portuguesa", 2.0), ("palop", 2.0), ("solidariedade internacional", 2.0),
        # added after measuring: host organisations in lower-income countries, microfinance, WASH
        ("host organisation", 1.5), ("host organization", 1.5), ("organizacion anfitriona", 1.5), ("organisation d'accueil", 1.5), ("organizacao anfitria", 1.5), ("gastorganisation", 1.5), ("onu", 1.0), ("un volunteer*", 2.0), ("unv", 1.5), ("microloan*", 2.0), ("microcredit*", 2.0), ("microfinance", 2.0), ("microcredito*", 2.0), ("microfinanzas", 2.0), ("monitoring and evaluation", 1.0), ("wash", 1.0), ("borehole*", 1.5), ("east africa", 1.0), ("west africa", 1.0), ("southern africa", 1.0), ("africa oriental", 1.0), ("afrique de l'est", 1.0), ("ostafrika", 1.0), ("westafrika", 1.0),
        # added after measuring: a named lower-income country is weak evidence, decisive only with more
        ("afghanistan", 0.5), ("bangladesh", 0.5), ("benin", 0.5), ("bolivia", 0.5), ("burkina faso", 0.5), ("burundi", 0.5), ("cambodia", 0.5), ("cameroon", 0.5), ("cameroun", 0.5), ("chad", 0.5), ("ethiopia", 0.5), ("ethiopie", 0.5), ("ghana", 0.5), ("guatemala", 0.5), ("haiti", 0.5), ("honduras", 0.5), ("kenya", 0.5), ("laos", 0.5), ("liberia", 0.5), ("madagascar", 0.5), ("malawi", 0.5), ("mali", 0.5), ("mocambique", 0.5), ("mozambique", 0.5), ("myanmar", 0.5), ("nepal", 0.5), ("nicaragua", 0.5), ("niger", 0.5), ("nigeria", 0.5), ("ouganda", 0.5), ("rwanda", 0.5), ("senegal", 0.5), ("sierra leone", 0.5), ("somalia", 0.5), ("sudan", 0.5), ("tanzania", 0.5), ("tanzanie", 0.5), ("tchad", 0.5), ("togo", 0.5), ("uganda", 0.5), ("yemen", 0.5), ("zambia", 0.5), ("zimbabwe", 0.5),
    ),
    # Justice and legal aid: legal advice and clinics, lawyers and paralegals, courts, criminal justice and
    # re-entry, consumer protection. "judgement" (as in "listen without judgement") is not a judge;
    # "court" alone is 0.5 (tennis/food courts); bare "law"/"droit"/"direito"/"derecho" are weak.
    "justice-legal": (
        # en
        ("legal aid", 2.0), ("legal", 1.0), ("lawyer*", 1.5), ("attorney*", 1.5), ("paralegal*", 1.5),
        ("pro bono", 1.0), ("law student*", 1.5), ("legal advice", 1.5), ("legal clinic*", 2.0),
        ("legal assistance", 2.0), ("court", 0.5), ("courts", 1.0), ("courtroom*", 1.5), ("justice", 1.0),
        ("criminal justice", 2.0), ("access to justice", 2.0), ("restorative justice", 2.0),
        ("juvenile justice", 2.0), ("justice system", 2.0), ("judge", 1.0), ("judicial", 1.5),
        ("tribunal*", 1.5), ("reentry", 1.5), ("re entry", 1.5), ("probation", 1.5), ("parole", 1.5),
        ("incarcerat*", 1.5), ("prison*", 1.0), ("wrongful conviction*", 2.0), ("public defender*", 2.0),
        ("litigation", 1.5), ("legal research", 2.0), ("consumer protection", 2.0), ("know your rights", 1.5),
        ("legal system", 2.0), ("citizens advice", 1.5), ("housing rights", 1.0), ("tenant rights", 1.0),
        ("court appointed special advocate*", 1.0),
        # es
        ("asesoria juridica", 2.0), ("asesoramiento juridico", 2.0), ("juridic*", 1.5),
        ("asistencia juridica", 2.0), ("orientacion juridica", 2.0), ("abogad*", 2.0), ("derecho", 0.5),
        ("estudiantes de derecho", 2.0), ("justicia", 1.0), ("acceso a la justicia", 2.0), ("juzgado*", 1.5),
        ("juez", 1.0), ("jueces", 1.0), ("clinica juridica", 2.0), ("penitenciari*", 1.0),
        ("reinsercion", 1.5), ("defensa legal", 2.0), ("derechos del consumidor", 2.0),
        ("asistencia letrada", 2.0), ("turno de oficio", 2.0),
        # fr
        ("aide juridique", 2.0), ("acces au droit", 2.0), ("acces aux droits", 1.0), ("juridique*", 1.5),
        ("avocat*", 2.0), ("droit", 0.5), ("etudiants en droit", 2.0), ("permanence juridique", 2.0),
        ("conseil juridique", 2.0), ("clinique juridique", 2.0), ("detenus", 1.0), ("reinsertion", 1.5),
        ("sortants de prison", 2.0), ("defense des consommateurs", 2.0), ("contentieux", 1.5), ("juge", 1.0),
        ("magistrat*", 1.5), ("point justice", 2.0), ("maison de justice", 2.0),
        # de
        ("rechtsberatung", 2.0), ("rechtshilfe", 2.0), ("rechtsanwalt*", 2.0), ("anwalt*", 2.0),
        ("jurist*", 2.0), ("jura", 1.0), ("gericht*", 1.0), ("justiz*", 1.5), ("straffallig*", 2.0),
        ("strafvollzug", 1.5), ("resozialisierung", 2.0), ("bewahrungshilfe", 2.0), ("rechtlich*", 0.5),
        ("rechtsfragen", 1.5), ("verbraucherschutz", 2.0), ("verbraucherberatung", 2.0), ("schlichtung", 1.0),
        ("schoffe*", 2.0), ("rechtsstaat*", 1.0), ("gefangnis*", 1.0),
        # pt
        ("assistencia juridica", 2.0), ("assessoria juridica", 2.0), ("orientacao juridica", 2.0),
        ("advogad*", 2.0), ("advocacia", 1.5), ("defensoria publica", 2.0), ("direito", 0.5),
        ("estudantes de direito", 2.0), ("justica", 1.0), ("acesso a justica", 2.0),
        ("sistema prisional", 1.0), ("egressos do sistema prisional", 2.0), ("ressocializacao", 2.0),
        ("direito do consumidor", 2.0), ("procon", 2.0), ("juizado*", 1.5), ("juiz", 1.0), ("cartorio*", 1.0),
        ("mediacao", 0.5),
    ),
    # LGBTQ+ people: queer, gay, lesbian, bisexual, trans and non-binary communities, Pride, sexual and
    # gender diversity. "sexual orientation"/"gender identity" are only 1.0 and masked when they appear in
    # equal-opportunity boilerplate; "trans" alone is 1.0 (place names such as "Trans-Nzoia").
    "lgbtq": (
        # en
        ("lgbt*", 2.0), ("queer*", 2.0), ("gay", 1.5), ("gays", 1.5), ("lesbian*", 2.0), ("bisexu*", 2.0),
        ("transgender*", 2.0), ("trans", 1.0), ("trans people", 2.0), ("trans youth", 2.0),
        ("nonbinary", 2.0), ("non binary", 2.0), ("gender identity", 1.0), ("sexual orientation", 1.0),
        ("pride", 0.5), ("pride month", 2.0), ("pride march", 2.0), ("pride parade", 2.0),
        ("pride festival", 2.0), ("pride event*", 2.0), ("rainbow", 0.5), ("two spirit", 2.0),
        ("intersex", 2.0), ("gender affirming", 2.0), ("coming out", 1.0), ("homophob*", 2.0),
        ("transphob*", 2.0), ("trevor project", 2.0), ("stonewall", 1.5), ("glsen", 2.0), ("glaad", 2.0),
        ("gsa", 1.0), ("sogi", 2.0), ("same sex", 1.5), ("sexual minorit*", 2.0), ("gender diverse", 2.0),
        # es
        ("lgtb*", 2.0), ("diversidad sexual", 2.0), ("diversidad afectivo sexual", 2.0), ("homosexu*", 2.0),
        ("transexual*", 2.0), ("personas trans", 2.0), ("orgullo", 1.5), ("identidad de genero", 1.0),
        ("orientacion sexual", 1.0), ("homofob*", 2.0), ("transfob*", 2.0), ("no binari*", 2.0),
        ("disidencias sexuales", 2.0), ("orgullo lgtbi", 2.0), ("colectivo trans", 2.0),
        # fr
        ("lesbienne*", 2.0), ("transgenre*", 2.0), ("personnes trans", 2.0), ("fierte*", 1.5),
        ("marche des fiertes", 2.0), ("identite de genre", 1.0), ("orientation sexuelle", 1.0),
        ("non binaire*", 2.0), ("minorites sexuelles", 2.0), ("transsexu*", 2.0), ("centre lgbt", 2.0),
        ("sos homophobie", 2.0), ("homoparental*", 2.0), ("lesbophobie", 2.0), ("biphobie", 2.0),
        # de
        ("lsbt*", 2.0), ("schwul*", 2.0), ("lesbisch*", 2.0), ("transgeschlechtlich*", 2.0),
        ("transident*", 2.0), ("geschlechtliche vielfalt", 2.0), ("sexuelle vielfalt", 2.0),
        ("sexuelle orientierung", 1.0), ("geschlechtsidentitat", 1.0), ("csd", 2.0),
        ("christopher street day", 2.0), ("regenbogenfamilie*", 2.0), ("transfeindlich*", 2.0),
        ("nichtbinar*", 2.0), ("regenbogen", 1.0),
        # pt
        ("diversidade sexual", 2.0), ("homossexua*", 2.0), ("lesbicas", 2.0), ("bissexua*", 2.0),
        ("travestis", 2.0), ("pessoas trans", 2.0), ("parada do orgulho", 2.0), ("orgulho", 1.5),
        ("identidade de genero", 1.0), ("orientacao sexual", 1.0), ("nao binari*", 2.0),
        ("casa de acolhida lgbt", 2.0), ("diversidade de genero", 2.0), ("pessoas lgbt", 2.0),
        ("lesbofobia", 2.0), ("bifobia", 2.0),
    ),
    # Media and communications as a cause: journalism, local and community media, radio, podcasts,
    # documentaries, subtitling, fact-checking, Wikipedia. Every charity has a "communications" role, so
    # that word is only 0.5, and "social media" (a skill) swallows "media" for 0.5.
    "media-communications": (
        # en
        ("journalis*", 2.0), ("photojournalis*", 2.0), ("news", 1.0), ("newsroom*", 2.0), ("local news", 2.0),
        ("media", 1.0), ("social media", 0.5), ("independent media", 2.0), ("community media", 2.0),
        ("media literacy", 1.5), ("radio", 1.5), ("community radio", 2.0), ("podcast*", 1.5),
        ("broadcast*", 1.5), ("documentar*", 1.0), ("filmmak*", 1.0), ("subtitl*", 1.0),
        ("storytelling", 1.0), ("press freedom", 1.5), ("reporter*", 1.5), ("editorial", 1.0),
        ("magazine*", 1.0), ("newspaper*", 1.5), ("publishing", 1.0), ("fact check*", 1.5),
        ("misinformation", 1.0), ("disinformation", 1.0), ("wikipedia", 1.5), ("wikimedia", 1.5),
        ("television", 1.0), ("digital storytelling", 1.5), ("documenter*", 1.0), ("communications", 0.5),
        ("public broadcasting", 2.0), ("news outlet*", 2.0), ("media outlet*", 2.0), ("documenters", 1.0),
        # es
        ("periodis*", 2.0), ("medios de comunicacion", 2.0), ("comunicacion", 0.5),
        ("radio comunitaria", 2.0), ("radios comunitarias", 2.0), ("noticias", 1.0), ("prensa", 0.5),
        ("libertad de prensa", 1.5), ("documental*", 1.5), ("subtitul*", 1.0), ("medios comunitarios", 2.0),
        ("medios independientes", 2.0), ("desinformacion", 1.0), ("revista*", 1.0), ("periodico*", 1.0),
        ("audiovisu*", 1.0), ("verificacion de datos", 1.5), ("comunicacion comunitaria", 2.0),
        # fr
        ("medias", 1.0), ("radio associative", 2.0), ("radios associatives", 2.0), ("presse", 0.5),
        ("journal", 0.5), ("reportage*", 1.5), ("sous titr*", 1.0), ("education aux medias", 2.0),
        ("webradio", 1.5), ("desinformation", 1.0), ("fake news", 1.0), ("liberte de la presse", 1.5),
        ("medias locaux", 2.0), ("presse locale", 2.0), ("emission de radio", 2.0),
        # de
        ("medien", 0.5), ("medienkompetenz", 1.5), ("medienarbeit", 1.0), ("medienprojekt*", 1.5),
        ("burgerfunk", 2.0), ("burgerradio", 2.0), ("freies radio", 2.0), ("freie radios", 2.0),
        ("lokalradio", 1.5), ("zeitung*", 1.5), ("redaktion*", 1.5), ("nachrichten", 1.0),
        ("pressefreiheit", 1.5), ("untertitel*", 1.0), ("dokumentarfilm*", 1.5), ("offener kanal", 2.0),
        ("fernseh*", 1.0), ("rundfunk", 1.5), ("lokaljournalismus", 2.0),
        # pt
        ("jornalis*", 2.0), ("comunicacao", 0.5), ("midia", 1.0), ("midias sociais", 0.5),
        ("midia independente", 2.0), ("imprensa", 0.5), ("legendagem", 1.0), ("legendas", 1.0),
        ("jornal", 1.0), ("jornais", 1.0), ("educomunicacao", 2.0), ("checagem de fatos", 1.5),
        ("liberdade de imprensa", 1.5), ("radio comunitario", 2.0), ("midia comunitaria", 2.0),
        ("comunicacao popular", 2.0),
    ),
    # Poverty: anti-poverty work, low income, debt and money advice, benefits, financial hardship, social
    # exclusion, clothing and baby banks. "benefits" alone is not used (volunteer perks), nor "poor"
    # ("poor connection"); food-bank phrases are weak support only.
    "poverty": (
        # en
        ("poverty", 2.0), ("anti poverty", 2.0), ("low income", 1.0), ("low income families", 1.5),
        ("deprivation", 1.0), ("disadvantaged", 0.5), ("underserved", 0.5), ("cost of living", 1.5),
        ("cost of living crisis", 2.0), ("fuel poverty", 2.0), ("food poverty", 1.5),
        ("welfare benefits", 2.0), ("benefits advice", 2.0), ("benefits claim*", 2.0), ("debt", 1.0),
        ("debt advice", 2.0), ("money advice", 2.0), ("budgeting", 1.0), ("financial hardship", 2.0),
        ("hardship", 1.0), ("financial inclusion", 1.5), ("tax preparation", 1.0),
        ("earned income tax credit", 2.0), ("social exclusion", 1.5), ("inequality", 1.0),
        ("economic justice", 1.5), ("slum*", 1.5), ("informal settlement*", 1.5), ("destitut*", 2.0),
        ("basic needs", 1.0), ("clothing bank*", 1.5), ("baby bank*", 1.5), ("period poverty", 2.0),
        ("child poverty", 2.0), ("extreme poverty", 2.0), ("cash transfer*", 1.5), ("food bank*", 0.5),
        ("food insecur*", 0.5), ("community fridge*", 1.5),
        # es
        ("pobreza", 2.0), ("exclusion social", 2.0), ("vulnerabilidad social", 1.5),
        ("situacion de vulnerabilidad", 1.0), ("bajos recursos", 1.5), ("escasos recursos", 1.5),
        ("bajos ingresos", 1.5), ("desigualdad*", 1.0), ("precariedad", 1.0), ("renta minima", 2.0),
        ("ingreso minimo vital", 2.0), ("ayudas sociales", 1.5), ("riesgo de exclusion", 1.5),
        ("pobreza energetica", 2.0), ("pobreza alimentaria", 1.5), ("marginacion", 1.0), ("indigencia", 1.5),
        ("asentamientos", 1.0), ("villas miseria", 2.0), ("endeudamiento", 1.0), ("ropero solidario", 2.0),
        ("miseria", 1.5), ("pobreza infantil", 2.0),
        # fr
        ("pauvrete", 2.0), ("precarite", 1.5), ("precaire*", 1.0), ("exclusion sociale", 2.0),
        ("grande precarite", 2.0), ("minima sociaux", 2.0), ("rsa", 1.0), ("surendettement", 2.0),
        ("endettement", 1.0), ("aide sociale", 1.0), ("secours populaire", 2.0), ("secours catholique", 1.5),
        ("emmaus", 1.0), ("vestiaire solidaire", 2.0), ("inegalites", 1.0), ("demunis", 2.0),
        ("personnes en difficulte", 1.0), ("faibles revenus", 1.5), ("bas revenus", 1.5),
        ("bidonville*", 2.0), ("quart monde", 2.0), ("acces aux droits", 1.0), ("precarite energetique", 2.0),
        # de
        ("armut*", 2.0), ("bedurftig*", 1.5), ("soziale ausgrenzung", 2.0), ("sozialhilfe", 1.5),
        ("burgergeld", 1.5), ("hartz", 1.5), ("grundsicherung", 1.5), ("schuldnerberatung", 2.0),
        ("schulden*", 1.0), ("uberschuldung", 2.0), ("einkommensschwach*", 1.5), ("geringverdien*", 1.5),
        ("sozialkaufhaus", 2.0), ("kleiderkammer*", 2.0), ("sozialladen", 1.5), ("benachteiligt*", 0.5),
        ("ungleichheit", 1.0), ("existenzsicherung", 1.5), ("tafel", 0.5), ("wohlfahrt*", 1.0),
        # pt
        ("extrema pobreza", 2.0), ("vulnerabilidade social", 1.5), ("situacao de vulnerabilidade", 1.0),
        ("baixa renda", 1.5), ("exclusao social", 2.0), ("comunidades carentes", 1.5), ("carente*", 1.0),
        ("periferia*", 0.5), ("favela*", 1.0), ("transferencia de renda", 2.0), ("bolsa familia", 2.0),
        ("cadastro unico", 2.0), ("assistencia social", 1.0), ("cras", 1.0), ("endividamento", 1.0),
        ("renda basica", 2.0), ("bazar solidario", 1.0), ("fome", 0.5),
    ),
    # Race and ethnicity: racial justice and equity, anti-racism, people and communities of colour,
    # Black, Indigenous, Latino, Roma and other minority-ethnic communities. "race" alone is 0.5 (charity
    # races; equal-opportunity boilerplate is masked); "equity" alone is not used (finance).
    "racial-equity": (
        # en
        ("racial*", 1.5), ("racial justice", 2.0), ("racial equity", 2.0), ("racism", 2.0),
        ("anti racis*", 2.0), ("antiracis*", 2.0), ("race", 0.5), ("race equality", 2.0),
        ("people of colo*", 2.0), ("communities of colo*", 2.0), ("bipoc", 2.0), ("black lives matter", 2.0),
        ("black led", 2.0), ("black communit*", 1.5), ("black and minority ethnic", 2.0), ("bame", 2.0),
        ("ethnic minorit*", 2.0), ("minority ethnic", 2.0), ("ethnic*", 1.0), ("african american*", 2.0),
        ("latino*", 1.5), ("latina*", 1.5), ("latinx", 1.5), ("hispanic", 1.5), ("indigenous", 1.5),
        ("native american*", 2.0), ("first nations", 2.0), ("aboriginal", 2.0), ("asian american*", 2.0),
        ("aapi", 2.0), ("roma", 1.0), ("underrepresented", 1.0), ("under represented", 1.0),
        ("civil rights", 1.5), ("discrimination", 1.0), ("naacp", 2.0), ("black history", 2.0),
        ("township*", 1.0), ("indigenous rights", 1.5), ("social justice", 1.0),
        # es
        ("racismo", 2.0), ("antirracis*", 2.0), ("afrodescendiente*", 2.0), ("afro", 1.0),
        ("pueblos indigenas", 2.0), ("indigena*", 1.5), ("gitan*", 1.5), ("pueblo gitano", 2.0),
        ("etnia*", 1.0), ("etnic*", 1.0), ("minorias etnicas", 2.0), ("xenofobia", 1.0),
        ("igualdad racial", 2.0), ("diversidad etnica", 1.5), ("pueblos originarios", 2.0),
        ("comunidades originarias", 2.0), ("discriminacion racial", 2.0),
        # fr
        ("racisme", 2.0), ("afrodescendant*", 2.0), ("minorites ethniques", 2.0), ("ethnique*", 1.0),
        ("peuples autochtones", 2.0), ("autochtone*", 1.5), ("roms", 1.5), ("gens du voyage", 2.0),
        ("racise*", 2.0), ("licra", 2.0), ("mrap", 2.0), ("xenophobie", 1.0), ("sos racisme", 2.0),
        ("lutte contre le racisme", 2.0), ("discriminations raciales", 2.0), ("diversite ethnique", 1.5),
        # de
        ("rassismus*", 2.0), ("antirassis*", 2.0), ("rassistisch*", 2.0), ("schwarze menschen", 2.0),
        ("afrodeutsch*", 2.0), ("diskriminierung*", 1.0), ("ethnisch*", 1.0), ("sinti", 2.0),
        ("antiziganismus", 2.0), ("indigene*", 1.5), ("fremdenfeindlich*", 1.0), ("rechtsextremismus", 1.0),
        ("antidiskriminierung*", 1.0), ("migrantische communities", 1.5), ("schwarze communities", 2.0),
        # pt
        ("igualdade racial", 2.0), ("negros", 1.0), ("negras", 1.0), ("populacao negra", 2.0),
        ("pessoas negras", 2.0), ("juventude negra", 2.0), ("movimento negro", 2.0), ("afro brasileir*", 2.0),
        ("afrodescendente*", 2.0), ("quilombo*", 2.0), ("povos indigenas", 2.0), ("povos originarios", 2.0),
        ("etnico racial", 2.0), ("consciencia negra", 2.0), ("equidade racial", 2.0), ("ciganos", 1.5),
        ("letramento racial", 2.0), ("mulheres negras", 2.0),
    ),
    # Science and citizen science: classifying images and sounds, transcribing historical records for
    # research, field surveys, astronomy, biology, social science. "science" alone is 1.0 ("computer
    # science" is swallowed by technology's phrase); "outer space" counts, "safe/office space" is masked;
    # "research" alone is 0.5 (every role researches something).
    "science-research": (
        # en
        ("citizen science", 2.0), ("citizen scientist*", 2.0), ("science", 1.0), ("sciences", 1.0),
        ("scientific", 1.5), ("scientist*", 1.5), ("research", 0.5), ("research project*", 1.0),
        ("researchers", 1.0), ("zooniverse", 2.0), ("classify*", 1.0), ("historical records", 1.0),
        ("field data", 1.0), ("handwritten", 0.5), ("biolog*", 1.5), ("astronom*", 2.0), ("galax*", 2.0),
        ("outer space", 2.0), ("telescope*", 2.0), ("physics", 1.5), ("geolog*", 1.5), ("laboratory", 1.0),
        ("experiment*", 1.0), ("species identification", 1.5), ("camera trap*", 1.5), ("bioblitz", 2.0),
        ("inaturalist", 2.0), ("ebird", 2.0), ("specimen*", 1.5), ("fossil*", 2.0), ("paleontolog*", 2.0),
        ("archaeolog*", 1.5), ("social science*", 2.0), ("social research", 1.5), ("natural history", 1.5),
        ("research institute*", 1.5),
        # es
        ("ciencia ciudadana", 2.0), ("ciencia*", 1.0), ("cientific*", 1.5), ("investigacion", 0.5),
        ("investigadores", 1.0), ("investigadoras", 1.0), ("proyecto de investigacion", 1.0),
        ("datos de campo", 1.0), ("laboratorio*", 1.0), ("divulgacion cientifica", 2.0), ("muestreo*", 1.0),
        ("documentos historicos", 1.0), ("registros historicos", 1.0), ("ciencias sociales", 2.0),
        ("arqueolog*", 1.5), ("investigacion cientifica", 2.0), ("observacion de aves", 1.5),
        # fr
        ("sciences participatives", 2.0), ("science participative", 2.0), ("science citoyenne", 2.0),
        ("recherche participative", 2.0), ("scientifique*", 1.5), ("chercheurs", 1.0), ("chercheuses", 1.0),
        ("recherche", 0.5), ("projet de recherche", 1.0), ("laboratoire*", 1.0), ("vigie nature", 2.0),
        ("spipoll", 2.0), ("mediation scientifique", 2.0), ("culture scientifique", 2.0), ("archeolog*", 1.5),
        ("sciences humaines", 1.5), ("sciences sociales", 2.0), ("inventaire*", 0.5),
        # de
        ("burgerwissenschaft*", 2.0), ("wissenschaft*", 1.5), ("forschung*", 1.0), ("forschende", 1.0),
        ("forscher*", 1.0), ("sternwarte", 2.0), ("labor", 0.5), ("messdaten", 1.0), ("naturkunde*", 1.5),
        ("sozialforschung", 2.0), ("sozialwissenschaft*", 2.0), ("archaolog*", 1.5), ("mitforschen", 2.0),
        ("beobachtungsdaten", 1.5), ("artenkartierung", 1.5), ("historische dokumente", 1.0),
        # pt
        ("ciencia cidada", 2.0), ("pesquisa", 0.5), ("pesquisadores", 1.0), ("pesquisadoras", 1.0),
        ("projeto de pesquisa", 1.0), ("pesquisa cientifica", 2.0), ("divulgacao cientifica", 2.0),
        ("dados de campo", 1.0), ("ciencias sociais", 2.0), ("iniciacao cientifica", 2.0),
        ("monitoramento", 0.5), ("astronomia amadora", 2.0), ("cientistas cidadaos", 2.0),
        ("registros de especies", 1.5), ("ciencia aberta", 1.5), ("observacao de aves", 1.5),
        ("pesquisa participativa", 2.0),
    ),
    # Older people: befriending and companionship, care homes, dementia, isolation, retirement. Only the
    # plural "seniors" and explicit phrases count: "senior developer/manager" never matches, and students'
    # "high school seniors"/"senior year" are masked; Spanish "mayores de edad" is masked.
    "seniors": (
        # en
        ("seniors", 1.5), ("senior citizen*", 2.0), ("senior center*", 2.0), ("senior centre*", 2.0),
        ("senior living", 2.0), ("senior care", 2.0), ("senior services", 2.0), ("senior housing", 2.0),
        ("senior companion*", 2.0), ("older people", 2.0), ("older adults", 2.0), ("older persons", 2.0),
        ("elderly", 2.0), ("elders", 1.0), ("elder care", 2.0), ("aging", 1.5), ("ageing", 1.5),
        ("retirees", 0.5), ("retirement", 1.0), ("retirement home*", 2.0), ("care home*", 2.0),
        ("nursing home*", 2.0), ("assisted living", 2.0), ("dementia", 1.5), ("alzheimer*", 1.5),
        ("meals on wheels", 1.5), ("befriending", 1.0), ("loneliness", 1.0), ("social isolation", 1.0),
        ("grandparent*", 1.0), ("pensioner*", 2.0), ("age uk", 2.0), ("later life", 2.0),
        ("intergenerational", 1.0), ("living alone", 1.0), ("memory care", 2.0), ("frail", 1.0),
        ("homebound", 1.0), ("older", 0.5), ("walking football", 0.5),
        # es
        ("personas mayores", 2.0), ("adultos mayores", 2.0), ("tercera edad", 2.0), ("ancian*", 2.0),
        ("gente mayor", 2.0), ("mayores", 0.5), ("residencia de mayores", 2.0),
        ("residencias de mayores", 2.0), ("centro de dia", 1.0), ("envejecimiento", 2.0),
        ("soledad no deseada", 1.5), ("soledad", 0.5), ("jubilad*", 1.0), ("abuelos", 1.0),
        ("geriatri*", 2.0), ("gerontolog*", 2.0), ("demencia*", 1.5), ("teleasistencia", 1.5),
        ("personas de edad", 1.5), ("acompanamiento a mayores", 2.0), ("envejecimiento activo", 2.0),
        # fr
        ("personnes agees", 2.0), ("personne agee", 2.0), ("aines", 1.5), ("retraites", 1.0), ("ehpad", 2.0),
        ("maison de retraite", 2.0), ("isolement", 1.0), ("vieillissement", 2.0), ("petits freres", 2.0),
        ("monalisa", 2.0), ("grand age", 2.0), ("troisieme age", 2.0), ("personnes isolees", 1.0),
        ("demence", 1.5), ("maintien a domicile", 1.5), ("visites de convivialite", 1.5),
        ("residence senior*", 2.0), ("personnes agees isolees", 2.0),
        # de
        ("senioren*", 2.0), ("seniorin*", 2.0), ("altere menschen", 2.0), ("alteren menschen", 2.0),
        ("alte menschen", 2.0), ("alten menschen", 2.0), ("altenheim*", 2.0), ("altenpflege*", 2.0),
        ("altenhilfe", 2.0), ("pflegeheim*", 1.5), ("hochbetagt*", 2.0), ("einsamkeit", 1.0),
        ("besuchsdienst*", 1.5), ("rentner*", 1.0), ("ruhestand", 0.5), ("demenz*", 1.5), ("im alter", 1.0),
        ("betreutes wohnen", 1.0), ("silbernetz", 2.0), ("altenzentrum", 2.0), ("generation 60", 1.5),
        # pt
        ("idoso*", 2.0), ("idosa*", 2.0), ("terceira idade", 2.0), ("melhor idade", 2.0),
        ("lar de idosos", 2.0), ("lares de idosos", 2.0), ("ilpi*", 2.0), ("envelhecimento", 2.0),
        ("aposentad*", 1.0), ("avos", 1.0), ("solidao", 0.5), ("longevidade", 1.0),
        ("cuidadores de idosos", 2.0), ("asilo de idosos", 2.0), ("pessoa idosa", 2.0),
        ("centro dia para idosos", 2.0),
    ),
    # Sport, play and recreation: clubs, coaching, teams, running, inclusive sport, leisure, outdoor
    # recreation. "board" never counts (boards of directors); bare "coach" is 0.5 (career and life coaches);
    # "marathon" is 0.5 (mapping and coding marathons); no "pitch" (sales pitch, this site's name).
    "sports-recreation": (
        # en
        ("sport*", 1.5), ("athlet*", 1.5), ("coach", 0.5), ("sports coach*", 2.0), ("football", 1.5),
        ("soccer", 2.0), ("basketball", 2.0), ("baseball", 2.0), ("volleyball", 2.0), ("rugby", 2.0),
        ("cricket", 1.5), ("tennis", 2.0), ("hockey", 2.0), ("swimming", 1.5), ("running club*", 2.0),
        ("parkrun", 2.0), ("marathon", 0.5), ("cycling", 1.5), ("hiking", 1.0), ("climbing", 1.0),
        ("outdoor recreation", 2.0), ("recreation*", 1.5), ("physical activity", 1.5), ("fitness", 1.5),
        ("exercise", 0.5), ("yoga", 1.0), ("martial arts", 2.0), ("skateboard*", 1.5), ("playground*", 1.0),
        ("tournament*", 1.5), ("referee", 1.0), ("olympic*", 1.5), ("special olympics", 2.0),
        ("paralympi*", 1.0), ("walking football", 2.0), ("inclusive sport*", 2.0), ("adaptive sport*", 2.0),
        ("parks and recreation", 2.0), ("leisure", 1.0),
        # es
        ("deporte*", 2.0), ("deportiv*", 1.5), ("futbol", 2.0), ("baloncesto", 2.0), ("balonmano", 2.0),
        ("natacion", 1.5), ("atlet*", 1.5), ("ciclismo", 1.5), ("senderismo", 1.0), ("actividad fisica", 1.5),
        ("ocio", 1.0), ("tiempo libre", 0.5), ("recreativ*", 1.0), ("entrenador*", 1.5), ("torneo*", 1.5),
        ("voleibol", 2.0), ("tenis", 2.0), ("escalada", 1.0), ("ajedrez", 1.0), ("carrera solidaria", 1.5),
        ("deporte adaptado", 2.0), ("deporte inclusivo", 2.0), ("campeonato*", 1.5),
        # fr
        ("basket", 1.5), ("handball", 2.0), ("natation", 1.5), ("cyclisme", 1.5), ("randonnee*", 1.0),
        ("activite physique", 1.5), ("activites physiques", 1.5), ("loisirs", 1.0), ("entraineur*", 1.5),
        ("educateur sportif", 2.0), ("tournoi*", 1.5), ("course solidaire", 1.5), ("escalade", 1.0),
        ("judo", 1.5), ("jeux olympiques", 2.0), ("plein air", 1.0), ("sport adapte", 2.0),
        ("handisport", 2.0), ("club sportif", 2.0),
        # de
        ("fussball*", 2.0), ("turnverein", 2.0), ("turnen", 1.5), ("schwimm*", 1.5), ("leichtathletik", 2.0),
        ("radfahr*", 1.0), ("wandern", 1.0), ("wandergruppe*", 1.5), ("trainer*", 1.0),
        ("ubungsleiter*", 2.0), ("freizeit*", 1.0), ("turnier*", 1.5), ("tischtennis", 2.0),
        ("klettern", 1.0), ("schach*", 1.0), ("rehasport", 1.0), ("bolzplatz", 1.5),
        ("behindertensport", 2.0), ("bewegungsangebot*", 1.5),
        # pt
        ("esporte*", 2.0), ("esportiv*", 1.5), ("desport*", 2.0), ("futebol", 2.0), ("basquete", 2.0),
        ("volei", 2.0), ("natacao", 1.5), ("capoeira", 1.5), ("jiu jitsu", 1.5), ("skate", 1.0),
        ("lazer", 1.0), ("recreacao", 1.5), ("atividade fisica", 1.5), ("atividades fisicas", 1.5),
        ("treinador*", 1.5), ("corrida*", 1.0), ("xadrez", 1.0), ("esporte adaptado", 2.0),
        ("escolinha de futebol", 2.0),
    ),
    # Technology and digital inclusion: the digital divide, digital skills, tech for good and open source for
    # nonprofits, coding clubs, IT help, online safety, accessibility of the web. "code"/"developer" alone
    # are 0.5 (the software-development SKILL carries them); "code of conduct"/"postcode" are masked;
    # "computer science" lives here so that "science" does not tag science-research.
    "technology": (
        # en
        ("digital inclusion", 2.0), ("digital divide", 2.0), ("digital literacy", 2.0),
        ("digital skills", 1.5), ("computer skills", 1.5), ("tech for good", 2.0), ("civic tech", 1.0),
        ("open source", 1.5), ("nonprofit tech*", 2.0), ("software", 1.5), ("technolog*", 1.0), ("tech", 1.0),
        ("it support", 1.5), ("tech support", 1.5), ("computer*", 1.0), ("computer science", 1.0),
        ("coding", 1.0), ("code", 0.5), ("learn to code", 2.0), ("coding club*", 2.0), ("code club*", 2.0),
        ("girls who code", 2.0), ("programming", 1.0), ("developer*", 1.0), ("hackathon*", 1.5),
        ("github", 1.0), ("artificial intelligence", 1.0), ("machine learning", 1.0), ("data science", 0.5),
        ("cyber*", 1.5), ("online safety", 1.0), ("ict", 1.5), ("web accessibility", 1.5),
        ("digital accessibility", 1.5), ("assistive technolog*", 1.0), ("internet", 0.5), ("python", 1.0),
        ("accessibility test*", 1.5), ("screen reader*", 1.0), ("digital", 0.5),
        # es
        ("inclusion digital", 2.0), ("brecha digital", 2.0), ("alfabetizacion digital", 2.0),
        ("competencias digitales", 1.5), ("habilidades digitales", 1.5), ("tecnologia*", 1.0),
        ("tecnologic*", 1.0), ("informatica", 1.0), ("programacion", 1.0), ("codigo abierto", 1.5),
        ("software libre", 1.5), ("soporte tecnico", 1.5), ("ordenador*", 1.0), ("computador*", 1.0),
        ("ciber*", 1.5), ("tic", 1.0), ("robotica", 1.0), ("pensamiento computacional", 1.5),
        ("hackaton*", 1.5), ("capacitacion digital", 1.5),
        # fr
        ("inclusion numerique", 2.0), ("fracture numerique", 2.0), ("numerique", 1.0),
        ("mediation numerique", 2.0), ("mediateur numerique", 2.0), ("conseiller numerique", 2.0),
        ("illectronisme", 2.0), ("informatique", 1.0), ("logiciel*", 1.0), ("logiciel libre", 1.5),
        ("programmation informatique", 1.5), ("ordinateur*", 1.0), ("outils numeriques", 1.0),
        ("competences numeriques", 1.5), ("emmaus connect", 2.0), ("reconditionn*", 1.0), ("numeriques", 1.0),
        # de
        ("digitale teilhabe", 2.0), ("digitale inklusion", 2.0), ("digitale kompetenz*", 1.5),
        ("medienkompetenz", 1.0), ("informatik*", 1.0), ("programmier*", 1.0), ("technikhilfe", 1.5),
        ("digitalpate*", 2.0), ("digitallotse*", 2.0), ("technikpate*", 2.0), ("freie software", 1.5),
        ("it sicherheit", 1.5), ("kunstliche intelligenz", 1.0), ("internetkurs*", 1.5),
        ("digitalcafe*", 1.5), ("technik", 1.0),
        # pt
        ("inclusao digital", 2.0), ("exclusao digital", 2.0), ("letramento digital", 2.0),
        ("alfabetizacao digital", 2.0), ("programacao", 1.0), ("codigo aberto", 1.5), ("software livre", 1.5),
        ("suporte tecnico", 1.5), ("competencias digitais", 1.5), ("habilidades digitais", 1.5),
        ("tecnologia da informacao", 1.5), ("robotica educacional", 1.5), ("cultura digital", 1.5),
        ("educacao digital", 2.0), ("ensino de programacao", 2.0),
        # added after measuring: roles that build software for a cause; teaching people their devices
        ("frontend", 1.0), ("backend", 1.0), ("full stack", 1.0), ("web develop*", 1.5), ("app develop*", 1.5), ("mobile app*", 1.0), ("smartphone*", 1.0), ("video call*", 1.0), ("digitalpat*", 2.0), ("desarrollador*", 1.0), ("programador*", 1.0), ("developpeu*", 1.0), ("entwickler*", 1.0), ("desenvolvedor*", 1.0),
    ),
    # Veterans, service members and military families. "veterinary"/"vet" are animals ("vet" counts for
    # nothing); "industry veteran" and equal-opportunity "veteran status" are masked; "army" alone is
    # 0.5 ("Salvation Army"); "militant" is not "militar*".
    "veterans-military": (
        # en
        ("veterans", 2.0), ("veteran", 1.5), ("military famil*", 2.0), ("military spouse*", 2.0),
        ("military connected", 2.0), ("service members", 2.0), ("service member", 2.0),
        ("servicemembers", 2.0), ("armed forces", 2.0), ("army", 0.5), ("navy", 1.0), ("air force", 1.5),
        ("marines", 1.0), ("national guard", 1.5), ("troops", 1.5), ("soldier*", 1.5), ("gold star", 1.5),
        ("va hospital*", 2.0), ("ex service*", 2.0), ("forces famil*", 2.0), ("royal british legion", 2.0),
        ("help for heroes", 2.0), ("ssafa", 2.0), ("wounded warrior*", 2.0), ("ptsd", 1.0),
        ("military to civilian", 2.0), ("reservist*", 1.5), ("active duty", 1.5), ("combat", 1.0),
        ("remembrance", 1.0), ("poppy appeal", 2.0), ("vfw", 2.0), ("american legion", 2.0),
        # es
        ("veterano", 1.5), ("veteranos", 2.0), ("veterana", 1.5), ("veteranas", 2.0), ("militar*", 1.5),
        ("militares", 2.0), ("fuerzas armadas", 2.0), ("ejercito", 1.0), ("exmilitares", 2.0),
        ("excombatientes", 2.0), ("ex combatientes", 2.0), ("familias de militares", 2.0),
        ("heridos en combate", 2.0), ("soldado*", 1.5), ("armada", 1.0),
        ("victimas del conflicto armado", 1.5),
        # fr
        ("anciens combattants", 2.0), ("ancien combattant", 2.0), ("militaires", 2.0), ("militaire", 1.5),
        ("forces armees", 2.0), ("armee", 0.5), ("defense nationale", 1.0), ("blesses de guerre", 2.0),
        ("onacvg", 2.0), ("bleuet de france", 2.0), ("familles de militaires", 2.0), ("soldat*", 1.5),
        ("gendarmerie", 0.5), ("devoir de memoire", 1.0), ("anciens militaires", 2.0),
        # de
        ("veteranen", 2.0), ("bundeswehr*", 2.0), ("streitkrafte", 2.0), ("einsatzveteranen", 2.0),
        ("kriegsveteranen", 2.0), ("volksbund", 1.5), ("kriegsgraber*", 1.5), ("wehrdienst", 1.5),
        ("ehemalige soldaten", 2.0), ("militarseelsorge", 2.0), ("einsatzgeschadigte", 2.0),
        ("veteranenverband", 2.0), ("kriegsversehrte", 2.0), ("militarfamilien", 2.0),
        ("soldatenfamilien", 2.0),
        # pt
        ("forcas armadas", 2.0), ("ex militares", 2.0), ("ex combatentes", 2.0), ("exercito", 1.0),
        ("marinha", 1.0), ("aeronautica", 1.0), ("familias militares", 2.0), ("pracinhas", 1.5),
        ("veteranos de guerra", 2.0), ("militares da reserva", 2.0), ("forca expedicionaria", 1.5),
        ("combatentes", 1.5), ("policiais e militares", 1.5), ("antigos combatentes", 2.0),
        ("militares reformados", 2.0),
    ),
    # Women and gender equality (and men's groups): women's rights, gender-based and domestic violence,
    # girls' empowerment, mothers, women in STEM and business, period poverty. Equal-opportunity lines
    # ("women and minorities are encouraged to apply") are masked.
    "women-gender": (
        # en
        ("women", 1.5), ("woman", 1.0), ("girls", 1.5), ("girl", 1.0), ("female", 1.0), ("gender", 1.0),
        ("gender equality", 2.0), ("gender equity", 2.0), ("gender based violence", 2.0),
        ("gender justice", 2.0), ("feminis*", 2.0), ("domestic violence", 2.0), ("domestic abuse", 2.0),
        ("intimate partner violence", 2.0), ("violence against women", 2.0), ("sexual assault", 1.5),
        ("rape crisis", 2.0), ("survivors", 0.5), ("maternal", 1.0), ("mothers", 1.0), ("moms", 1.0),
        ("mums", 1.0), ("pregnan*", 1.0), ("single mothers", 2.0), ("women s rights", 2.0),
        ("womens rights", 2.0), ("menstrua*", 1.5), ("period poverty", 2.0), ("fgm", 2.0),
        ("female genital mutilation", 2.0), ("child marriage", 2.0), ("girls who code", 2.0),
        ("men s shed*", 2.0), ("mens shed*", 2.0), ("masculinit*", 1.5), ("misogyn*", 2.0), ("sexis*", 2.0),
        ("league of women voters", 1.0), ("maternal health", 1.0), ("reproductive rights", 1.5),
        # es
        ("mujeres", 1.5), ("mujer", 1.0), ("ninas", 1.0), ("igualdad de genero", 2.0),
        ("perspectiva de genero", 2.0), ("genero", 1.0), ("violencia de genero", 2.0),
        ("violencia machista", 2.0), ("machismo", 2.0), ("femenin*", 1.0), ("empoderamiento femenino", 2.0),
        ("madres", 1.0), ("embarazad*", 1.0), ("violencia domestica", 2.0), ("feminicid*", 2.0),
        ("monoparental*", 1.5), ("igualdad entre mujeres y hombres", 2.0), ("salud materna", 1.5),
        # fr
        ("femmes", 1.5), ("femme", 1.0), ("filles", 1.0), ("egalite femmes hommes", 2.0),
        ("egalite hommes femmes", 2.0), ("violences conjugales", 2.0), ("violences faites aux femmes", 2.0),
        ("violences sexistes", 2.0), ("violences sexuelles", 1.5), ("droits des femmes", 2.0),
        ("planning familial", 1.5), ("meres", 1.0), ("mamans", 1.0), ("matrimoine", 1.5),
        ("egalite de genre", 2.0), ("precarite menstruelle", 2.0),
        # de
        ("frauen*", 1.5), ("madchen*", 1.0), ("gleichstellung*", 2.0), ("geschlechtergerechtigkeit", 2.0),
        ("gleichberechtigung", 1.5), ("hausliche gewalt", 2.0), ("gewalt gegen frauen", 2.0), ("mutter", 1.0),
        ("alleinerziehend*", 1.5), ("schwanger*", 1.0), ("geschlechtergleichstellung", 2.0),
        ("frauenrechte", 2.0), ("manner", 0.5), ("frauennotruf", 2.0), ("frauenhaus", 2.0),
        ("frauenhauser", 2.0),
        # pt
        ("mulheres", 1.5), ("mulher", 1.0), ("meninas", 1.0), ("igualdade de genero", 2.0),
        ("equidade de genero", 2.0), ("violencia contra a mulher", 2.0), ("maria da penha", 2.0),
        ("empoderamento feminino", 2.0), ("maes", 1.0), ("gestantes", 1.0), ("feminin*", 1.0),
        ("violencia de genero contra mulheres", 2.0), ("mulheres negras", 1.5), ("dignidade menstrual", 2.0),
        ("maternidade", 1.0),
    ),
}

# slug -> phrases with weights. Every skill slug of data/skills.json is a key. Same matching and
# threshold as the causes: a skill is tagged at 2.0. Words that every listing uses ("data", "video",
# "research", French "recherche" = "looking for") are weak; how sessions happen ("video call") is masked.
SKILL_PHRASES: dict[str, tuple[tuple[str, float], ...]] = {
    "writing": (
        ("writer*", 2.0), ("writing", 1.5), ("copywrit*", 2.0), ("editing", 1.0), ("proofread*", 2.0),
        ("copy edit*", 2.0), ("blog post*", 1.5), ("articles", 1.0), ("case studies", 1.0),
        ("newsletter*", 1.0), ("technical writ*", 2.0), ("personal statements", 1.0), ("essays", 1.0),
        ("redaccion", 1.5), ("redactor*", 2.0), ("correccion de textos", 2.0), ("escribir", 1.0),
        ("redaction", 1.5), ("rediger", 1.5), ("redacteur*", 2.0), ("relecture", 2.0), ("texte", 1.0),
        ("texten", 1.5), ("lektorat", 2.0), ("korrekturles*", 2.0), ("redacao", 1.5),
        ("revisao de textos", 2.0), ("escrever", 1.0), ("conteudo*", 1.0), ("video editing", 0.5),
    ),
    "translation": (
        ("translat*", 2.0), ("interpreter*", 2.0), ("interpreting", 1.5), ("interpretation", 1.0),
        ("localization", 2.0), ("localisation", 2.0), ("subtitl*", 1.5), ("bilingual", 1.0),
        ("language access", 1.5), ("trados", 1.5), ("traduc*", 2.0), ("interprete", 2.0),
        ("interpretes", 2.0), ("interpretacion", 1.5), ("subtitul*", 1.5), ("bilingue*", 1.0),
        ("traduire", 2.0), ("interpretariat", 2.0), ("sous titr*", 1.5), ("ubersetz*", 2.0),
        ("dolmetsch*", 2.0), ("sprachmittl*", 2.0), ("zweisprachig*", 1.0), ("tradut*", 2.0),
        ("traduzir", 2.0), ("legendagem", 1.5),
    ),
    "design": (
        ("graphic design*", 2.0), ("designer*", 2.0), ("design", 1.0), ("ux", 2.0), ("ui", 1.0),
        ("user experience", 2.0), ("figma", 2.0), ("canva", 1.5), ("adobe", 1.5), ("photoshop", 1.5),
        ("indesign", 2.0), ("illustrat*", 1.0), ("logo*", 1.5), ("branding", 1.0), ("infographi*", 1.5),
        ("wireframe*", 2.0), ("web design", 2.0), ("graphics", 1.0), ("posters", 1.0), ("flyers", 1.0),
        ("diseno grafico", 2.0), ("disenador*", 2.0), ("diseno", 1.0), ("ilustra*", 1.0), ("graphiste*", 2.0),
        ("maquette*", 1.0), ("mediengestalt*", 2.0), ("grafik*", 1.5), ("identidade visual", 1.5),
        ("grafikdesigner", 2.0),
    ),
    "software-development": (
        ("software develop*", 2.0), ("developer*", 1.5), ("web develop*", 2.0), ("programmer*", 2.0),
        ("programming", 1.5), ("coding", 1.5), ("code", 0.5), ("code review*", 2.0), ("pull request*", 2.0),
        ("github", 1.5), ("python", 2.0), ("javascript", 2.0), ("django", 2.0), ("react", 1.0), ("php", 2.0),
        ("full stack", 2.0), ("front end", 2.0), ("back end", 1.5), ("html", 1.5),
        ("software engineer*", 2.0), ("mobile app*", 1.5), ("open source", 1.0), ("desarrollador*", 2.0),
        ("programador*", 2.0), ("programacion", 1.5), ("developpeu*", 2.0), ("programmation", 1.0),
        ("entwickler*", 2.0), ("programmier*", 1.5), ("desenvolvedor*", 2.0),
    ),
    "data-analysis": (
        ("data analy*", 2.0), ("analyst*", 1.0), ("data scien*", 2.0), ("statistic*", 1.5), ("excel", 1.0),
        ("dashboard*", 1.0), ("data visuali*", 2.0), ("tableau", 1.5), ("power bi", 2.0), ("sql", 1.0),
        ("machine learning", 1.5), ("data cleaning", 2.0), ("datasets", 1.0), ("data quality", 1.5),
        ("data", 0.5), ("analyz*", 0.5), ("charts", 1.0), ("monitoring and evaluation", 1.5),
        ("analisis de datos", 2.0), ("analista*", 1.5), ("estadistic*", 1.5), ("datos", 0.5),
        ("analyse de donnees", 2.0), ("statistique*", 1.5), ("donnees", 0.5), ("datenanalyse", 2.0),
        ("statistik*", 1.5), ("analise de dados", 2.0), ("estatistic*", 1.5), ("analysis", 0.5),
    ),
    "tutoring": (
        ("tutor", 2.0), ("tutors", 2.0), ("tutoring", 2.0), ("homework help", 2.0), ("teach*", 1.0),
        ("instructor*", 1.5), ("lesson*", 1.0), ("reading buddy", 2.0), ("read with", 1.0), ("esl", 1.0),
        ("conversation practice", 1.5), ("co teach*", 2.0), ("clases particulares", 2.0),
        ("apoyo escolar", 2.0), ("refuerzo escolar", 2.0), ("tutoria", 1.5), ("tutorias", 1.5),
        ("profesor*", 1.0), ("soutien scolaire", 2.0), ("aide aux devoirs", 2.0),
        ("accompagnement scolaire", 2.0), ("cours particuliers", 2.0), ("enseigner", 1.0),
        ("nachhilfe*", 2.0), ("hausaufgabenhilfe", 2.0), ("lernbegleit*", 2.0), ("unterricht*", 1.0),
        ("reforco escolar", 2.0), ("apoio escolar", 2.0), ("aulas", 1.0),
    ),
    "mentoring": (
        ("mentor*", 2.0), ("mentee*", 2.0), ("coach*", 1.5), ("role model*", 1.0), ("buddy", 0.5),
        ("guidance", 0.5), ("set goals", 1.0), ("career advice", 1.0), ("acompanamiento", 0.5),
        ("apadrinamiento", 2.0), ("padrino*", 1.0), ("parrain*", 2.0), ("marrain*", 2.0), ("tutorat", 1.0),
        ("accompagnement", 0.5), ("patenschaft*", 1.5), ("paten", 1.5), ("pate", 1.0), ("begleit*", 0.5),
        ("apadrinhamento", 2.0), ("acompanhamento", 0.5), ("padrinho*", 1.0), ("madrinha*", 1.0),
    ),
    "counselling": (
        ("counsel*", 1.5), ("active listening", 2.0), ("listening", 1.0), ("listener*", 1.0), ("listen", 0.5),
        ("emotional support", 2.0), ("crisis line*", 1.5), ("crisis text", 1.5), ("helpline", 1.0),
        ("peer support", 1.0), ("befriend*", 1.0), ("non judgement*", 1.5), ("without judgement", 1.0),
        ("psychotherap*", 2.0), ("casework*", 1.0), ("friendly chat", 1.0), ("webchat", 0.5),
        ("escucha activa", 2.0), ("escucha", 1.0), ("apoyo emocional", 2.0), ("ecoute active", 2.0),
        ("ecoute", 1.0), ("ecoutant*", 2.0), ("soutien psychologique", 2.0), ("zuhor*", 1.5),
        ("beratung", 1.0), ("seelsorge*", 1.5), ("escuta ativa", 2.0), ("escuta", 1.0),
        ("apoio emocional", 2.0),
    ),
    "legal": (
        ("legal", 1.5), ("lawyer*", 2.0), ("attorney*", 2.0), ("paralegal*", 2.0), ("law student*", 2.0),
        ("legal research", 2.0), ("contracts", 1.0), ("compliance", 1.0), ("gdpr", 1.0), ("law degree", 2.0),
        ("pro bono", 1.0), ("abogad*", 2.0), ("juridic*", 1.5), ("estudiantes de derecho", 2.0),
        ("contratos", 1.0), ("avocat*", 2.0), ("juridique*", 1.5), ("etudiants en droit", 2.0),
        ("rechtsanwalt*", 2.0), ("anwalt*", 2.0), ("jurist*", 2.0), ("rechtsberatung", 2.0),
        ("rechtlich*", 1.0), ("jura", 1.0), ("advogad*", 2.0), ("estudantes de direito", 2.0), ("lgpd", 1.0),
        ("case management", 0.5),
    ),
    "medical": (
        ("medical", 1.5), ("nurse*", 2.0), ("nursing", 1.5), ("doctor", 2.0), ("doctors", 2.0),
        ("physician*", 2.0), ("clinician*", 2.0), ("clinical", 1.0), ("medical student*", 2.0),
        ("paramedic*", 2.0), ("first aid", 1.0), ("pharmacist*", 2.0), ("midwi*", 2.0), ("therapist*", 1.0),
        ("physiotherap*", 2.0), ("patients", 1.0), ("enfermer*", 2.0), ("medico*", 2.0),
        ("personal sanitario", 2.0), ("primeros auxilios", 1.0), ("infirmi*", 2.0), ("medecin*", 2.0),
        ("soignant*", 1.5), ("arzt*", 2.0), ("pflegekraft*", 2.0), ("medizin*", 1.5), ("erste hilfe", 1.0),
        ("enfermag*", 2.0), ("enfermeir*", 2.0), ("profissionais de saude", 2.0),
    ),
    "marketing": (
        ("marketing", 2.0), ("communications", 1.0), ("communication", 1.0), ("comms", 1.5),
        ("public relations", 2.0), ("press release*", 2.0), ("campaign*", 0.5), ("brand*", 1.0),
        ("newsletter*", 1.0), ("outreach", 0.5), ("content strateg*", 2.0),
        ("content creat*", 1.5), ("seo", 2.0), ("mailchimp", 1.5), ("storytelling", 1.0),
        ("comunicacion", 1.0), ("difusion", 1.0), ("relaciones publicas", 2.0), ("relations presse", 2.0),
        ("plan de communication", 2.0), ("chargee de communication", 2.0), ("offentlichkeitsarbeit", 2.0),
        ("pressearbeit", 2.0), ("kommunikation", 1.0), ("werbung", 1.0), ("comunicacao", 1.0),
        ("divulgacao", 1.0), ("assessoria de imprensa", 2.0), ("publicidade", 1.0), ("branding", 1.0),
    ),
    "social-media": (
        ("social media", 2.0), ("instagram", 2.0), ("facebook", 1.5), ("tiktok", 2.0), ("twitter", 1.5),
        ("linkedin", 1.0), ("youtube", 1.0), ("community manag*", 2.0), ("content creator*", 1.0),
        ("reels", 1.5), ("posts", 0.5), ("moderator*", 1.5), ("moderation", 1.0), ("online community", 1.0),
        ("hashtag*", 1.5), ("meta business", 2.0), ("whatsapp", 0.5), ("redes sociales", 2.0),
        ("medias sociaux", 2.0), ("reseaux sociaux", 2.0), ("soziale medien", 2.0), ("sozialen medien", 2.0),
        ("redes sociais", 2.0), ("midias sociais", 2.0),
    ),
    "fundraising": (
        ("fundrais*", 2.0), ("grant writ*", 2.0), ("grants", 1.5), ("grant application*", 2.0),
        ("donor*", 1.0), ("donations", 0.5), ("sponsor*", 1.0), ("crowdfund*", 2.0), ("major gifts", 2.0),
        ("funders", 1.5), ("gift aid", 2.0), ("bid writing", 2.0), ("raise funds", 2.0), ("raise money", 1.5),
        ("recaudacion de fondos", 2.0), ("captacion de fondos", 2.0), ("subvencion*", 1.5),
        ("collecte de fonds", 2.0), ("levee de fonds", 2.0), ("mecenat", 2.0), ("subvention*", 1.5),
        ("spenden*", 1.0), ("fordermittel*", 2.0), ("forderantrag*", 2.0), ("captacao de recursos", 2.0),
        ("mobilizacao de recursos", 2.0), ("editais", 1.5), ("financiamento coletivo", 2.0),
        ("micromecenazgo", 2.0), ("foundation grants", 2.0),
    ),
    "research": (
        ("research*", 1.5), ("desk research", 2.0), ("literature review*", 2.0), ("survey*", 1.0),
        ("fact check*", 1.0), ("investigat*", 1.0), ("citizen science", 1.5), ("classify*", 1.0),
        ("data collection", 1.5), ("policy research", 2.0), ("sampling", 1.0), ("observations", 0.5),
        ("investigacion", 1.5), ("investigar", 1.5), ("investigador*", 1.5), ("encuesta*", 1.0),
        ("recherches", 1.0), ("chercheu*", 1.5), ("veille", 1.0), ("enquete*", 1.0), ("forschung*", 1.5),
        ("recherchier*", 1.5), ("forscher*", 1.5), ("umfrage*", 1.0), ("pesquisa*", 1.5),
        ("pesquisa de campo", 2.0), ("levantamento de dados", 1.5), ("count", 0.5), ("monitor*", 0.5),
    ),
    "transcription": (
        ("transcri*", 2.0), ("data entry", 2.0), ("typing", 1.0), ("captioning", 1.5), ("digitis*", 1.0),
        ("digitiz*", 1.0), ("subtitl*", 1.0), ("type in", 1.0), ("handwritten", 1.0), ("indexing", 1.0),
        ("structured note", 1.0), ("entrada de datos", 2.0), ("captura de datos", 2.0),
        ("digitalizacion", 1.0), ("saisie de donnees", 2.0), ("saisie", 1.0), ("retranscri*", 2.0),
        ("numerisation", 1.0), ("transkri*", 2.0), ("abtipp*", 2.0), ("datenerfassung", 2.0),
        ("dateneingabe", 2.0), ("digitalisier*", 1.0), ("entrada de dados", 2.0), ("digitacao", 1.5),
        ("digitalizacao", 1.0),
    ),
    "mapping": (
        ("mapping", 1.5), ("mapper*", 2.0), ("mapathon*", 2.0), ("openstreetmap", 2.0), ("osm", 2.0),
        ("gis", 2.0), ("qgis", 2.0), ("arcgis", 2.0), ("cartograph*", 2.0), ("geospatial", 2.0),
        ("satellite imagery", 1.5), ("tasking manager", 2.0), ("hotosm", 2.0), ("maps", 1.0), ("map", 0.5),
        ("mapillary", 2.0), ("mape*", 2.0), ("cartograf*", 2.0), ("mapas", 1.0), ("sig", 1.5),
        ("imagenes satelitales", 1.5), ("georeferenc*", 2.0), ("kartier*", 2.0), ("kartograf*", 2.0),
        ("geodat*", 1.5), ("geoprocessamento", 2.0), ("imagens de satelite", 1.5),
    ),
    "accessibility-testing": (
        ("accessibility", 1.5), ("accessibility testing", 2.0), ("accessibility audit*", 2.0),
        ("screen reader*", 2.0), ("screenreader*", 2.0), ("wcag", 2.0), ("a11y", 2.0),
        ("assistive technolog*", 1.5), ("usability testing", 1.5), ("user testing", 1.0), ("nvda", 2.0),
        ("jaws", 1.5), ("voiceover", 1.5), ("alt text", 1.5), ("keyboard navigation", 1.5),
        ("test plan*", 1.0), ("accesibilidad", 1.5), ("lector de pantalla", 2.0),
        ("lectores de pantalla", 2.0), ("accessibilite", 1.5), ("lecteur d'ecran", 2.0),
        ("lecteurs d'ecran", 2.0), ("rgaa", 2.0), ("barrierefrei*", 1.5), ("bitv", 2.0),
        ("acessibilidade", 1.5), ("leitor de tela", 2.0), ("leitores de tela", 2.0),
    ),
    "project-management": (
        ("project manag*", 2.0), ("project coordinat*", 2.0), ("programme manag*", 1.5),
        ("program manag*", 1.5), ("coordinat*", 0.5), ("agile", 1.5), ("scrum", 2.0), ("kanban", 1.5),
        ("sprint*", 1.0), ("two week cycles", 1.5), ("roadmap*", 1.0), ("deliverables", 1.0),
        ("milestones", 1.0), ("trello", 1.5), ("asana", 1.5), ("jira", 1.5), ("priorities", 0.5),
        ("gestion de proyectos", 2.0), ("jefe de proyecto", 2.0), ("coordinacion de proyectos", 2.0),
        ("gestion de projet*", 2.0), ("chef de projet", 2.0), ("chargee de projet", 1.5),
        ("charge de projet", 1.5), ("projektmanagement", 2.0), ("projektleitung", 2.0),
        ("projektkoordination", 2.0), ("gestao de projetos", 2.0), ("gestor de projetos", 2.0),
        ("coordenacao de projetos", 2.0),
    ),
    "finance-accounting": (
        ("accounting", 2.0), ("accountant*", 2.0), ("bookkeep*", 2.0), ("treasurer*", 2.0), ("finance*", 1.0),
        ("financial", 0.5), ("budget*", 1.0), ("financial audit*", 2.0), ("payroll", 1.5), ("invoic*", 1.5),
        ("quickbooks", 2.0), ("xero", 2.0), ("financial statements", 2.0), ("tax returns", 1.5),
        ("money advice", 1.0), ("rent arrears", 1.0), ("contabilidad", 2.0), ("contable*", 1.5),
        ("tesorer*", 2.0), ("presupuesto*", 1.0), ("comptab*", 2.0), ("tresorier*", 2.0), ("buchhalt*", 2.0),
        ("buchfuhrung", 2.0), ("kassenwart*", 2.0), ("schatzmeister*", 2.0), ("finanzen", 1.5),
        ("contabilidade", 2.0), ("tesoureir*", 2.0), ("orcamento*", 1.0),
    ),
    "photo-video": (
        ("photograph*", 2.0), ("videograph*", 2.0), ("video edit*", 2.0), ("video production", 2.0),
        ("videos", 0.5), ("video", 0.5), ("filming", 2.0), ("film*", 1.0), ("footage", 1.5),
        ("premiere pro", 2.0), ("lightroom", 2.0), ("drone*", 1.0), ("highlights reel", 2.0),
        ("action shots", 2.0), ("shot list", 1.5), ("fotograf*", 2.0), ("edicion de video", 2.0),
        ("filmacion", 1.5), ("audiovisu*", 1.0), ("montage video", 2.0), ("videast*", 2.0), ("tournage", 1.5),
        ("videoschnitt", 2.0), ("filmen", 1.5), ("kamera*", 1.0), ("edicao de video", 2.0), ("filmagem", 1.5),
        ("photo", 0.5), ("photos", 0.5),
    ),
    "event-planning": (
        ("event plann*", 2.0), ("event organi*", 2.0), ("event coordinat*", 2.0), ("event manag*", 2.0),
        ("events", 1.0), ("event", 0.5), ("festival*", 1.0), ("gala*", 1.5), ("logistics", 1.0),
        ("host", 0.5), ("hosting", 0.5), ("venue*", 1.5), ("catering", 1.5), ("webinar*", 1.0),
        ("meetup*", 1.0), ("mapathon*", 1.0), ("organising events", 2.0), ("organizing events", 2.0),
        ("breakout room*", 1.0), ("evento*", 1.0), ("organizacion de eventos", 2.0), ("logistica", 1.0),
        ("evenement*", 1.0), ("evenementiel", 2.0), ("logistique", 1.0), ("veranstaltung*", 1.0),
        ("eventorganisation", 2.0), ("logistik", 1.0), ("organizacao de eventos", 2.0),
    ),
    "administration": (
        ("admin", 1.5), ("administrat*", 1.5), ("office support", 1.5), ("data entry", 1.0), ("filing", 1.0),
        ("scheduling", 1.0), ("clerical", 2.0), ("receptionist*", 1.5), ("answering phones", 1.5),
        ("paperwork", 1.5), ("record keeping", 1.5), ("spreadsheets", 1.0), ("intake", 1.0),
        ("case management system", 1.0), ("minute taking", 2.0), ("secretar*", 1.5),
        ("virtual assistant*", 2.0), ("book appointments", 1.0), ("voicemails", 1.0),
        ("upload documents", 1.0), ("atencion telefonica", 1.5), ("hojas de calculo", 1.0),
        ("accueil telephonique", 1.5), ("buroarbeit*", 2.0), ("verwaltung*", 1.5), ("sekretar*", 1.5),
        ("telefondienst", 1.5), ("atendimento telefonico", 1.5), ("planilhas", 1.0), ("arquivamento", 1.0),
    ),
    "hr-recruiting": (
        ("volunteer recruit*", 2.0), ("recruit*", 1.0), ("human resources", 2.0), ("hr", 1.5),
        ("hiring", 1.0), ("hire", 0.5), ("volunteer coordinat*", 1.0), ("volunteer manag*", 1.0),
        ("onboarding", 1.5), ("people operations", 1.5), ("volunteer retention", 2.0),
        ("linkedin profiles", 1.0), ("resumes", 0.5), ("recursos humanos", 2.0), ("rrhh", 2.0),
        ("reclutamiento", 1.5), ("captacion de voluntari*", 2.0), ("gestion del voluntariado", 2.0),
        ("ressources humaines", 2.0), ("recrutement", 1.5), ("gestion des benevoles", 2.0),
        ("personalgewinnung", 2.0), ("rekrutier*", 1.5), ("ehrenamtskoordination", 2.0),
        ("freiwilligenmanagement", 2.0), ("recrutamento", 1.5), ("gestao de voluntarios", 2.0), ("rh", 1.0),
        ("recruiter", 2.0), ("recruiters", 2.0),
    ),
    "it-support": (
        ("it support", 2.0), ("tech support", 2.0), ("technical support", 2.0), ("helpdesk", 2.0),
        ("help desk", 2.0), ("troubleshoot*", 2.0), ("sysadmin*", 2.0), ("system admin*", 2.0),
        ("it infrastructure", 2.0), ("computer repair*", 2.0), ("refurbish*", 1.0), ("hardware", 1.5),
        ("servers", 1.0), ("wifi", 0.5), ("microsoft 365", 1.0), ("backups", 1.0), ("tech help", 1.5),
        ("assistive technolog*", 0.5), ("screen reader*", 0.5), ("soporte tecnico", 2.0),
        ("soporte informatico", 2.0), ("support informatique", 2.0), ("depannage informatique", 2.0),
        ("informatique", 1.0), ("it betreuung", 2.0), ("edv", 1.5), ("computerhilfe", 2.0),
        ("suporte tecnico", 2.0), ("manutencao de computadores", 2.0), ("informatica", 1.0),
    ),
    "public-speaking": (
        ("public speaking", 2.0), ("speaker*", 0.5), ("presentation*", 1.0), ("presenting", 1.0),
        ("give talks", 2.0), ("short talk", 1.0), ("advocacy", 1.0), ("facilitat*", 1.0), ("workshop*", 0.5),
        ("ambassador*", 1.5), ("outreach", 1.0), ("conversation prompts", 1.0),
        ("hablar en publico", 2.0), ("oratoria", 2.0), ("charlas", 1.5), ("ponencia*", 1.5),
        ("sensibilizacion", 1.0), ("prise de parole", 2.0), ("parler en public", 2.0),
        ("sensibilisation", 1.0), ("animer", 1.0), ("ambassadeur*", 1.5), ("vortrag*", 1.5),
        ("moderier*", 1.0), ("referent*", 1.0), ("falar em publico", 2.0), ("palestrante*", 2.0),
        ("sensibilizacao", 1.0), ("palestra", 1.5), ("palestras", 1.5),
    ),
}

# Phrases that contain a cause or skill word but mean something else. They are blanked out of the text
# before matching (for causes and skills alike), so each one must mean nothing for ANY slug.
MASKS: tuple[tuple[str, str], ...] = (
    ("legal [clinic*]", "a legal advice clinic, not health care"),
    ("law [clinic*]", "a legal advice clinic, not health care"),
    ("tax [clinic*]", "tax help, not health care"),
    ("expungement [clinic*]", "legal help, not health care"),
    ("name change [clinic*]", "legal help, not health care"),
    ("[kirchenbuch*]", "parish registers: genealogy and heritage, not faith work"),
    ("registros [parroquiales]", "parish registers: genealogy and heritage, not faith work"),
    ("[parish] records", "parish registers: genealogy and heritage, not faith work"),
    ("[parish] registers", "parish registers: genealogy and heritage, not faith work"),
    # genealogy and machine learning, not environment
    ("family tree*", "genealogy, not environment"),
    ("arbol genealogico", "genealogy (es), not environment"),
    ("arbre genealogique", "genealogy (fr), not environment"),
    ("arvore genealogica", "genealogy (pt), not environment"),
    ("decision tree*", "machine learning, not environment"),
    ("random forest*", "machine learning, not environment"),
    ("monty python", "comedy, not animals (programming \"python\" is simply not an animal phrase)"),
    ("cat tool*", "computer-assisted translation tools, not cats"),
    ("early bird*", "ticket pricing, not birds"),
    ("pet project*", "a favourite project, not pets"),
    ("pet peeve*", "an annoyance, not pets"),
    ("seal of approval", "an endorsement, not seals"),
    # students' and job-title "seniors"
    ("high school [senior*]", "final-year students, not older people"),
    ("college [senior*]", "final-year students, not older people"),
    ("university senior*", "final-year students, not older people"),
    ("graduating senior*", "final-year students, not older people"),
    ("senior year*", "final year of school, not older people"),
    ("seniors in high school", "final-year students, not older people"),
    ("seniors in college", "final-year students, not older people"),
    ("juniors and seniors", "school years, not older people"),
    ("mayores de edad", "'of legal age' (es), not older people"),
    ("mayor de edad", "'of legal age' (es), not older people"),
    ("mayores de 18", "'over 18' (es), not older people"),
    # veterans
    ("industry veteran*", "an experienced professional, not a military veteran"),
    ("veteran status", "equal-opportunity boilerplate"),
    ("protected veteran*", "equal-opportunity boilerplate"),
    # equal-opportunity and non-discrimination boilerplate
    ("equal opportunity employer", "recruitment boilerplate"),
    ("equal employment opportunit*", "recruitment boilerplate"),
    ("race, color", "non-discrimination boilerplate"),
    ("race, colour", "non-discrimination boilerplate"),
    ("color, religion", "non-discrimination boilerplate"),
    ("colour, religion", "non-discrimination boilerplate"),
    ("religion, sex", "non-discrimination boilerplate"),
    ("religion, creed", "non-discrimination boilerplate"),
    ("regardless of race", "non-discrimination boilerplate"),
    ("regardless of age", "non-discrimination boilerplate"),
    ("regardless of gender", "non-discrimination boilerplate"),
    ("regardless of religion", "non-discrimination boilerplate"),
    ("regardless of disability", "non-discrimination boilerplate"),
    ("sexual orientation, gender identity", "non-discrimination boilerplate"),
    ("age, disability", "non-discrimination boilerplate"),
    ("disability status", "non-discrimination boilerplate"),
    ("genetic information", "non-discrimination boilerplate"),
    ("marital status", "non-discrimination boilerplate"),
    ("women and minorities", "recruitment boilerplate"),
    ("minorities and women", "recruitment boilerplate"),
    # casual "environment", "climate", "nature", "policy", "park"
    ("work environment", "workplace, not the environment"),
    ("working environment", "workplace, not the environment"),
    ("learning environment", "classroom, not the environment"),
    ("safe environment", "safeguarding, not the environment"),
    ("supportive environment", "workplace, not the environment"),
    ("development environment", "software, not the environment"),
    ("environnement de travail", "workplace (fr), not the environment"),
    ("political climate", "politics, not the climate"),
    ("current climate", "the present situation, not the climate"),
    ("economic climate", "the economy, not the climate"),
    ("nature of", "'the nature of the role', not nature"),
    ("privacy policy", "website boilerplate, not public policy"),
    ("cookie policy", "website boilerplate, not public policy"),
    ("politica de privacidad", "website boilerplate (es)"),
    ("politique de confidentialite", "website boilerplate (fr)"),
    ("politica de privacidade", "website boilerplate (pt)"),
    ("car park*", "parking, not parks"),
    ("business park*", "offices, not parks"),
    ("safe space*", "a welcoming setting, not outer space"),
    ("office space*", "premises, not outer space"),
    # casual words of other causes
    ("in good faith", "honestly, not faith"),
    ("good faith", "honestly, not faith"),
    ("state of the art", "modern, not art"),
    ("art der", "German 'kind of', not art"),
    ("art und weise", "German 'manner', not art"),
    ("jeder art", "German 'of any kind', not art"),
    ("aller art", "German 'of all kinds', not art"),
    ("jeglicher art", "German 'of any kind', not art"),
    ("in concert with", "together with, not a concert"),
    ("great depression", "economic history, not mental health"),
    ("se trata de", "Spanish 'it is about', not trafficking"),
    ("service civique", "the French civic-service volunteering scheme, not civic engagement"),
    ("mode d'emploi", "French 'instructions', not employment"),
    ("without borders", "charity names ('Paws Without Borders'), not migration"),
    ("sans frontieres", "charity names (fr), not migration"),
    ("sin fronteras", "charity names (es), not migration"),
    ("ohne grenzen", "charity names (de), not migration"),
    ("sem fronteiras", "charity names (pt), not migration"),
    ("flooded with", "'flooded with requests', not a flood"),
    ("be patient", "a personal quality, not patients"),
    ("blind spot*", "an oversight, not blindness"),
    ("double blind", "study design, not blindness"),
    ("pride ourselves", "'we pride ourselves', not Pride"),
    ("pride themselves", "'they pride themselves', not Pride"),
    ("take pride", "'take pride in', not Pride"),
    ("takes pride", "'takes pride in', not Pride"),
    ("in the event of", "'in case of', not an event"),
    ("in the event that", "'in case', not an event"),
    ("health and safety", "workplace safety, not health care"),
    ("seguridad y salud", "workplace safety (es), not health care"),
    ("sante et securite", "workplace safety (fr), not health care"),
    ("code of conduct", "volunteer rules, not coding"),
    ("dress code", "clothing rules, not coding"),
    ("postcode*", "an address, not coding"),
    ("post code*", "an address, not coding"),
    ("zip code*", "an address, not coding"),
    ("stem from", "'arise from', not STEM"),
    ("stems from", "'arises from', not STEM"),
    ("data migration", "IT, not migration"),
    ("database migration*", "IT, not migration"),
    ("cloud migration", "IT, not migration"),
    ("web hosting", "IT, not hosting events"),
    ("hebergement web", "IT (fr), not housing"),
    ("native speaker*", "language level, not public speaking"),
    ("communication skills", "a generic requirement, not a communications role"),
    ("communications skills", "a generic requirement, not a communications role"),
    ("video chat*", "how sessions happen, not video production"),
    ("video platform*", "how sessions happen, not video production"),
    ("video conferenc*", "how sessions happen, not video production"),
    ("videoconferenc*", "how sessions happen, not video production"),
    ("videollamada*", "how sessions happen (es), not video production"),
    ("videochamada*", "how sessions happen (pt), not video production"),
    ("videocall*", "how sessions happen, not video production"),
)
# fmt: on
