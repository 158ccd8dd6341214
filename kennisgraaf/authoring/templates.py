"""The commented YAML templates ``kennisgraaf new municipality`` and ``kennisgraaf new case`` print.

Both import as they are (against the bundled data), so a user can start from a working file and change it.
"""

MUNICIPALITY = """\
# A municipality model for kennisgraaf: which institutions deliver which provisions, the wijkteam and its mandate,
# and the municipality's own preconditions. Fill it in, then:
#
#   kennisgraaf import mijngemeente.yaml -o mijngemeente
#   kennisgraaf validate mijngemeente
#
# Ids are lower-case words joined by hyphens (wijkteam-mijngemeente). Refer to national entities by id
# (svc:schuldhulpverlening, or just schuldhulpverlening) or by their Dutch or English name in any case
# ("Sociale huurwoning", "Participatiewet", "Wmo 2015"). Lists are written [a, b] or as lines starting with "- ".
# Every entity has a source: a web address or a document reference ("interview wijkteamcoördinator, maart 2024").
# Leave out what you do not know: an arrangement inherits what it does not state from the national provision.
kind: municipality

# The municipality itself. If the data already holds it, write just its id: `municipality: gm0153`.
municipality:
  id: gm9999                          # gm + the four digits of the CBS code
  cbs_code: GM9999                    # the CBS municipality code (cbs.nl, "gemeentecodes")
  label_nl: Mijngemeente
  label_en: Mijngemeente              # names stay Dutch in English
  source: https://www.cbs.nl/nl-nl/onze-diensten/methoden/classificaties/overig/gemeentelijke-indelingen-per-jaar

# The model: the municipality on one date.
model:
  id: mijngemeente-2024
  reference_date: 2024-01-01          # YYYY-MM-DD: the date the model describes
  label_nl: Mijngemeente, 2024
  label_en: Mijngemeente, 2024
  definition_nl: De toegang tot het sociale domein in Mijngemeente op 1 januari 2024.
  definition_en: Access to the social domain in Mijngemeente on 1 January 2024.
  source: beleidsplan sociaal domein Mijngemeente 2024
  illustrative: true                  # true: modelled from a description rather than documented by name

# The wijkteam and its mandate (leave this block out if there is none).
wijkteam:
  id: wijkteam-mijngemeente
  label_nl: Sociaal Wijkteam Mijngemeente
  label_en: Mijngemeente neighbourhood team
  mandate_nl: Het wijkteam beslist zelf over Wmo-begeleiding en de toegang tot jeugdhulp.
  mandate_en: The team decides on Wmo support and access to youth care itself.
  legal_basis: [Wmo 2015, Jeugdwet]
  source: beleidsplan sociaal domein Mijngemeente 2024

# The municipality's own institutions; `kind` is the national kind (woningcorporatie, kredietbank, ggz-instelling, ...).
institutions:
  - id: kredietbank-mijngemeente
    kind: kredietbank
    label_nl: Kredietbank Mijngemeente
    label_en: Mijngemeente municipal credit bank
    source: beleidsplan sociaal domein Mijngemeente 2024

# Per provision: who delivers it and how it is reached. Columns, all optional but `provision`:
#   delivered_by, involves (institutions) · access_via (protocols) · intake_via (methods)
#   assessed_with (instruments) · registered_in, draws_on (systems) · funded_by · legal_basis
#   label_nl, label_en, definition_nl, definition_en, source (default: the model's), illustrative, note
arrangements:
  - provision: schuldhulpverlening
    delivered_by: kredietbank-mijngemeente
    involves: wijkteam-mijngemeente
  - provision: wmo-begeleiding
    delivered_by: wijkteam-mijngemeente
    intake_via: keukentafelgesprek
  - provision: jeugdhulp
    delivered_by: wijkteam-mijngemeente
    access_via: wijkteam-mandaatbesluit

# The municipality's own rules: provision A (dependent) cannot start before B (prerequisite).
# scope: municipal-rule (default), national-law or practice; weeks: the least time it takes, where a rule says.
preconditions:
  - id: mijngemeente-urgentie-vereist-schuldhulp
    dependent: urgentieverklaring
    prerequisite: schuldhulpverlening
    kind: uitsluiting                 # document, inschrijving, besluit, informatie, wachttijd, uitsluiting, begeleiding
    citing_article: jci1.3:c:BWBR0035303&artikel=12   # the article it rests on; or illustrative: true if none
    weeks: 8
    label_nl: geen urgentie zolang de schulden niet in een schuldhulptraject zitten
    label_en: no urgency while the debts are not in a debt-help trajectory
    source: huisvestingsverordening Mijngemeente 2024

# The municipality's grounds for refusing a provision, tested on the case profile: the provision becomes
# unreachable for a household with the circumstance, and `kennisgraaf path` says which ground. Give `cost_of`
# instead to refuse only paying a step's cost (e.g. no special assistance for identity papers).
# The municipality is the file's. Circumstances: scheiding, huurachterstand, gezamenlijke-schulden-ex-partner, afhankelijk-van-tussenpersoon, ...
exclusion_grounds:
  - id: mijngemeente-scheiding-geen-urgentie
    refuses: urgentieverklaring
    applies_if_circumstance: scheiding
    label_nl: een scheiding is geen grond voor urgentie
    label_en: a divorce is no ground for urgency
    source: huisvestingsverordening Mijngemeente 2024

# What the wijkteam may do under the wijkteam-mandate scenario (one mandate per municipality). It reaches only what is the municipality's own:
# its provisions, its own rules (pc:...) and exclusion grounds (excl:...). A national precondition or a provision
# a national body decides (IND, UWV, CIZ, ...) is refused at import: the team cannot waive or grant it.
mandates:
  - id: mijngemeente-2024
    may_grant: [wmo-begeleiding, jeugdhulp, bijzondere-bijstand]
    may_waive: [pc:mijngemeente-urgentie-vereist-schuldhulp]
    may_pay_cost_of: [nationaal-paspoort]   # the team pays the fee from its own budget
    may_lift: [tussenpersoon-loket]         # start without the informal intermediary
    label_nl: mandaat van het wijkteam Mijngemeente
    label_en: Mijngemeente neighbourhood team mandate
    source: mandaatbesluit sociaal wijkteam Mijngemeente 2024
    illustrative: true
"""

CASE = """\
# A household case for kennisgraaf: needs, roles and age bands. Anonymised: no names, dates of birth, addresses,
# BSNs, phone numbers or e-mail addresses (the import refuses them). Fill it in, then:
#
#   kennisgraaf import mijn-casus.yaml -o casussen
#   kennisgraaf score mijn-casus --with casussen          (add --with mijngemeente for your own municipality)
#
# Refer to need types, roles and provisions by id (need:schulden, or just schulden) or by their Dutch or English
# name in any case ("Schulden", "Debts").
kind: case
id: mijn-casus                        # lower-case words joined by hyphens
model: eindhoven-2016                 # the municipality model the case is set in (`kennisgraaf municipalities`)
label_nl: alleenstaande ouder met schulden en opvoedvragen
label_en: single parent with debts and parenting questions
definition_nl: Een alleenstaande ouder met twee kinderen heeft schulden en vragen over de opvoeding.
definition_en: A single parent with two children has debts and questions about parenting.

# The household's needs, by need type: schulden, woonruimte, inkomen, opvoeding, jeugdhulp, verslaving, ...
needs: [schulden, opvoeding]
# provisions: [bijzondere-bijstand]   # provisions it needs besides those that follow from its needs

# Members: a role (ouder, partner, kind, jongere, volwassene, huisgenoot) and an age band (27-44, 67+), nothing else.
members:
  - role: ouder
    age_band: 27-44
  - role: kind
    age_band: 4-11
  - role: kind
    age_band: 12-17

source: casusbespreking wijkteam, geanonimiseerd, 2024   # where the case comes from
illustrative: true
# note: why the case is modelled this way (in English)
"""

TEMPLATES = {"municipality": MUNICIPALITY, "case": CASE}
