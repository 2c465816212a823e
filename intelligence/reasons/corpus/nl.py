# ruff: noqa: E501 (phrase banks read as data: one claim per string, long lines kept whole)
ITEMS = ["jas", "schoenen", "jurk", "koptelefoon", "waterkoker", "mokkenset", "vloerkleed", "spijkerbroek", "lamp",
         "telefoonhoesje", "trui", "laarzen", "blender", "kussen", "rugzak"]
OPENERS = ["", "", "Hallo,", "Beste,", "Hoi,", "Geachte klantenservice,", "Helaas", "Sorry maar", "Nou,", "hoi"]
CLOSERS = ["", "", "", "Bedankt.", "Dank je wel!", "Graag terugbetalen.", "Krijg ik mijn geld terug?", "Groetjes",
           "mvg", "hoor graag van jullie"]
CLAIMS = {
    "changed_mind": [
        "ik heb me bedacht", "de {item} bevalt me toch niet", "liever een andere kleur toch",
        "niet echt mijn stijl", "ik wil het gewoon niet meer", "impulsaankoop, spijt van", "mijn vrouw vindt het niks",
        "iets mooiers gevonden", "toch niet mijn smaak", "bij nader inzien niks voor mij",
    ],
    "no_longer_needed": [
        "ik heb de {item} niet meer nodig", "de reis gaat niet door, dus geen nut meer", "al in de winkel gekocht",
        "cadeau gekregen", "het feest is al voorbij", "per ongeluk twee keer besteld, heb er maar één nodig",
        "kwam te laat, elders moeten kopen", "na de verhuizing niet meer nodig", "is niet meer nodig",
        "mijn zoon heeft er al een",
    ],
    "too_small": [
        "de {item} is te klein", "veel te strak bij de schouders", "valt klein, ik heb een maat groter nodig",
        "mijn voet past er niet in", "piepklein, veel kleiner dan verwacht", "een maat groter zou passen, zit krap",
        "mouwen zijn te kort", "knelt bij de tenen", "taille te strak, gaat niet dicht", "lijkt wel een kindermaat",
    ],
    "too_large": [
        "de {item} is te groot", "zit veel te los", "valt groot, ik heb een maat kleiner nodig", "enorm, veel te groot",
        "mouwen veel te lang", "mijn hiel schiet eruit, te wijd", "overal flodderig, een maat kleiner graag",
        "past niet in de ruimte, te lomp", "hangt als een tent", "te lang, sleept over de grond",
    ],
    "not_as_described": [
        "lijkt totaal niet op de foto's", "het materiaal is geen leer zoals beschreven", "kleur wijkt sterk af van de site",
        "zou waterdicht zijn maar is het niet", "ander model dan aangegeven", "de afmetingen op de site kloppen niet",
        "kwaliteit veel goedkoper dan getoond", "beschrijving zegt katoen, label zegt polyester",
        "geen batterijen terwijl dat wel beloofd was", "de foto's online zijn misleidend",
    ],
    "defective": [
        "de {item} doet het na twee dagen niet meer", "gaat helemaal niet aan", "rits kapot bij het uitpakken",
        "linker oordopje geeft geen geluid", "hij lekt", "naad liet los bij eerste keer dragen",
        "defect, slaat steeds af", "knop klemt en het lampje knippert", "het apparaat is defect", "accu laadt niet op",
    ],
    "wrong_item": [
        "ik heb het verkeerde artikel ontvangen", "jullie hebben een ander product gestuurd", "dit heb ik niet besteld",
        "blauw gekregen, zwart besteld", "in de doos zat de bestelling van iemand anders",
        "verkeerde maat gestuurd, niet die ik koos", "een waterkoker gekregen in plaats van de {item}",
        "artikelnummer klopt niet met mijn bestelling", "verkeerd model verstuurd", "heel ander artikel in het pakket",
    ],
    "damaged_in_transit": [
        "de {item} kwam kapot aan", "pakket was geplet en de {item} is gebarsten", "doos doorweekt, artikel beschadigd",
        "aan gruzelementen aangekomen, bezorger heeft het laten vallen", "glas gebroken in het pakket",
        "met een deuk geleverd", "verpakking opengescheurd en artikel bekrast", "kwam in stukken aan",
        "beschadigd tijdens verzending, grote barst", "hoek afgebroken bij ontvangst",
    ],
}
ASIDES = {
    "changed_mind": ["en eerlijk gezegd heb ik me ook bedacht", "bovendien niet mijn smaak"],
    "no_longer_needed": ["en ik heb het eigenlijk niet meer nodig", "bovendien hebben we er al een"],
    "too_small": ["ook wat krap", "en klein is het ook"],
    "too_large": ["en ook wat groot", "bovendien iets te los"],
    "not_as_described": ["en het lijkt niet op de foto", "ook niet helemaal zoals beschreven"],
    "defective": ["en een knop lijkt defect", "bovendien maakt het een raar geluid"],
    "wrong_item": ["en de kleur is niet wat ik bestelde", "weet niet eens of het de juiste is"],
    "damaged_in_transit": ["en de doos was beschadigd", "het pakket was ook wat geplet"],
}
