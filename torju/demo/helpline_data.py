"""What the demo helpline is drawn from: proportions, seasons, and invented anonymous texts (torju.demo.helpline).

The proportions are plausible guesses (police, social services, NGOs and the
potential victims themselves call most; forced labour is the most common
suspicion, berry farms in the summer), not figures of the real info line.
Every text is invented and names nobody.
"""

# More calls in the berry, harvest and tourist seasons.
MONTH_WEIGHT = {1: 0.8, 2: 0.8, 3: 0.9, 4: 0.9, 5: 1.0, 6: 1.2, 7: 1.4, 8: 1.5, 9: 1.3, 10: 1.0, 11: 0.9, 12: 0.8}
CHANNELS = {"phone": 55, "email": 20, "chat": 15, "in_person": 5, "letter": 5}
CONTACT_TYPES = {
    "police": 12,
    "border_guard": 3,
    "prosecutor": 2,
    "social_services": 15,
    "health_care": 7,
    "reception_centre": 8,
    "labour_protection": 5,
    "employer": 4,
    "ngo": 12,
    "potential_victim": 15,
    "relative": 6,
    "private_person": 8,
    "other": 3,
}
SUBJECTS = {
    "suspected_case": 55,
    "general_information": 20,
    "training_request": 8,
    "referral": 7,
    "media": 4,
    "unrelated": 6,
}
FORMS = {
    "forced_labour": 45,
    "sexual_exploitation": 30,
    "forced_criminality": 8,
    "forced_marriage": 7,
    "forced_begging": 3,
    "other": 7,
}
SECTORS = {
    "restaurants": 20,
    "construction": 15,
    "cleaning": 12,
    "agriculture_and_horticulture": 10,
    "wellness_and_beauty": 10,
    "transport_and_logistics": 8,
    "domestic_work": 6,
    "manufacturing": 5,
    "forestry_and_logging": 4,
    "other": 10,
}
REGIONS = {
    "01": 40,
    "06": 10,
    "02": 8,
    "17": 5,
    "11": 3,
    "13": 3,
    "09": 3,
    "19": 4,
    "07": 2,
    "15": 2,
    "12": 2,
    "04": 2,
    "05": 2,
    "08": 2,
    "10": 1,
    "14": 1,
    "16": 1,
    "18": 1,
    "21": 1,
    "": 12,
}
ABROAD = ("EE", "TH", "VN", "NG", "RO", "SE", "UA")
LANGUAGES = {"fi": 55, "en": 20, "sv": 5, "ru": 5, "th": 4, "vi": 3, "ar": 3, "uk": 3, "so": 2}
OUTCOMES = {"advice_given": 35, "referred_to_assistance_system": 25, "referred_elsewhere": 20, "contact_lost": 10}
NOT_TRAFFICKING = {"no_trafficking_indication": 7, "other": 3}
INDICATORS_BY_FORM = {
    "forced_labour": (
        "exploitation.low_or_no_pay",
        "exploitation.excessive_hours",
        "coercion.debt_bondage",
        "coercion.documents_taken",
        "deception.conditions",
        "exploitation.degrading_housing",
        "vulnerability.residence_status",
        "coercion.wages_withheld",
        "deception.recruitment_fees",
    ),
    "sexual_exploitation": (
        "exploitation.sexual_services",
        "coercion.violence",
        "coercion.restricted_movement",
        "deception.nature_of_work",
        "vulnerability.dependence",
        "coercion.threats_to_family",
    ),
    "forced_criminality": (
        "exploitation.crime_or_begging",
        "coercion.debt_bondage",
        "vulnerability.health_or_substances",
    ),
    "forced_begging": ("exploitation.crime_or_begging", "vulnerability.economic", "coercion.restricted_movement"),
    "forced_marriage": ("coercion.threats_to_family", "vulnerability.minor", "coercion.restricted_movement"),
    "other": ("vulnerability.language", "vulnerability.economic", "deception.documents"),
}
PEOPLE = (
    "työntekijä, noin {age}-vuotias {who} {where}",
    "asiakas, {who} {where}, ikä noin {age}",
    "soittajan tuttava, {who} {where}",
    "{who} {where}, kertoo olevansa noin {age}-vuotias",
)
WHO = ("nainen", "mies", "nuori nainen", "nuori mies", "henkilö")
WHERE = ("Thaimaasta", "Vietnamista", "Nigeriasta", "Nepalista", "Ukrainasta", "Romaniasta", "Somaliasta", "Suomesta")
NOTES = {
    "forced_labour": (
        "Työnantaja pitää passit ja maksaa palkkaa vain osan; asunto on työnantajan.",
        "Poimijat asuvat ahtaasti ja maksavat välittäjälle velkaa matkoista.",
        "Työpäivät venyvät 14 tuntiin ilman vapaapäiviä; palkkaa ei ole maksettu kahteen kuukauteen.",
        "Alihankkija on luvannut oleskeluluvan jatkon, jos työntekijä ei valita oloista.",
    ),
    "sexual_exploitation": (
        "Henkilö kertoi, että hänen ilmoituksensa julkaisee joku muu ja rahat menevät tälle.",
        "Hierontapaikan työntekijät asuvat liikkeen takahuoneessa eivätkä liiku yksin.",
        "Soittaja epäilee, että tuttava on velkaa matkansa järjestäjälle ja joutuu myymään seksiä.",
    ),
    "forced_criminality": ("Nuori kertoi joutuvansa myymään huumeita velan vuoksi.",),
    "forced_begging": ("Kerjäläisiä tuodaan aamulla ja haetaan illalla samalla autolla.",),
    "forced_marriage": ("Koulun kuraattori on huolissaan oppilaasta, jota painostetaan naimisiin kesällä.",),
    "other": ("Tilanne on epäselvä; soittaja lupasi selvittää lisää ja soittaa uudelleen.",),
}
GENERAL_NOTES = (
    "Kysyttiin auttamisjärjestelmän palveluista; lähetettiin tietoa sähköpostilla.",
    "Pyydettiin koulutusta henkilöstölle ihmiskaupan tunnistamisesta.",
    "Toimittaja kysyi tilastoista; ohjattiin viestintään.",
    "Yhteydenotto ei liittynyt ihmiskauppaan; ohjattiin oikeaan palveluun.",
)
FIRST_RESPONDERS = (
    ("police", "Helsingin poliisilaitos", "HEL"),
    ("police", "Sisä-Suomen poliisilaitos", "TRE"),
    ("border_guard", "Kaakkois-Suomen rajavartiosto", "TRE"),
    ("social_services", "Pirkanmaan hyvinvointialue", "TRE"),
    ("social_services", "Helsingin kaupunki, sosiaalipalvelut", "HEL"),
    ("reception_centre", "Joutsenon vastaanottokeskus", "TRE"),
    ("labour_protection", "Etelä-Suomen aluehallintovirasto, työsuojelu", "HEL"),
    ("ngo", "Pro-tukipiste", "HEL"),
)
