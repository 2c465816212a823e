# ruff: noqa: E501 (phrase banks read as data: one claim per string, long lines kept whole)
ITEMS = ["Jacke", "Schuhe", "Kleid", "Kopfhörer", "Wasserkocher", "Tassenset", "Teppich", "Jeans", "Lampe",
         "Handyhülle", "Pullover", "Stiefel", "Mixer", "Kissen", "Rucksack"]
OPENERS = ["", "", "Hallo,", "Guten Tag,", "Hi,", "Liebes Team,", "Leider", "Sorry, aber", "Also,", "hallo"]
CLOSERS = ["", "", "", "Danke.", "Vielen Dank!", "Bitte erstatten.", "Bekomme ich mein Geld zurück?", "Grüße",
           "MfG", "bitte um Rückmeldung"]
CLAIMS = {
    "changed_mind": [
        "ich habe es mir anders überlegt", "die {item} gefällt mir doch nicht", "mag die Farbe doch nicht so",
        "passt nicht zu meinem Stil", "will sie einfach nicht mehr behalten", "spontan bestellt, bereue es",
        "meinem Mann gefällt es nicht", "habe etwas Schöneres gefunden", "doch nicht mein Geschmack",
        "auf den zweiten Blick nichts für mich",
    ],
    "no_longer_needed": [
        "ich brauche die {item} nicht mehr", "die Reise fällt aus, daher keine Verwendung", "schon im Laden gekauft",
        "habe es geschenkt bekommen", "die Feier ist vorbei", "versehentlich doppelt bestellt, brauche nur eins",
        "kam zu spät, musste woanders kaufen", "nach dem Umzug nicht mehr nötig", "wird nicht mehr benötigt",
        "mein Sohn hat schon eins",
    ],
    "too_small": [
        "die {item} ist zu klein", "viel zu eng an den Schultern", "fällt klein aus, brauche eine Nummer größer",
        "komme mit dem Fuß nicht rein", "winzig, viel kleiner als erwartet", "eine Größe mehr wäre richtig, sitzt knapp",
        "Ärmel sind zu kurz", "drückt vorne an den Zehen", "Bund zu eng, geht nicht zu", "wie eine Kindergröße",
    ],
    "too_large": [
        "die {item} ist zu groß", "sitzt viel zu locker", "fällt groß aus, brauche eine Nummer kleiner",
        "riesig, total überdimensioniert", "Ärmel viel zu lang", "rutsche mit der Ferse raus, zu weit",
        "überall weit, brauche eine Größe kleiner", "passt nicht in den Raum, viel zu wuchtig", "hängt wie ein Sack",
        "zu lang, schleift am Boden",
    ],
    "not_as_described": [
        "sieht ganz anders aus als auf den Bildern", "Material ist kein Leder wie beschrieben",
        "Farbe weicht stark von der Website ab", "angeblich wasserdicht, ist es aber nicht",
        "anderes Modell als angegeben", "die Maße in der Beschreibung stimmen nicht", "Qualität viel billiger als gezeigt",
        "laut Beschreibung Baumwolle, Etikett sagt Polyester", "Batterien fehlen obwohl angegeben",
        "die Fotos im Shop sind irreführend",
    ],
    "defective": [
        "die {item} funktioniert nach zwei Tagen nicht mehr", "lässt sich gar nicht einschalten",
        "Reißverschluss kaputt beim Auspacken", "linker Ohrhörer ohne Ton", "der {item} ist undicht",
        "Naht ist beim ersten Tragen aufgegangen", "defekt, schaltet sich ständig ab", "Knopf klemmt und Licht flackert",
        "Gerät ist defekt", "Akku lädt nicht",
    ],
    "wrong_item": [
        "ich habe den falschen Artikel bekommen", "Sie haben mir ein anderes Produkt geschickt",
        "das habe ich nicht bestellt", "blau geliefert, schwarz bestellt", "im Karton war eine fremde Bestellung",
        "falsche Größe geliefert, nicht die gewählte", "statt der {item} kam ein Wasserkocher",
        "Artikelnummer passt nicht zur Bestellung", "falsches Modell verschickt", "ganz anderer Artikel im Paket",
    ],
    "damaged_in_transit": [
        "die {item} kam kaputt an", "Paket war eingedrückt und die {item} hat einen Riss",
        "Karton durchnässt, Ware beschädigt", "zerbrochen angekommen, Paketdienst hat es fallen lassen",
        "Glas im Paket zersprungen", "mit Delle geliefert", "Verpackung aufgerissen und zerkratzt",
        "kam in Einzelteilen", "beim Transport beschädigt, großer Sprung", "Ecke abgebrochen bei Lieferung",
    ],
}
ASIDES = {
    "changed_mind": ["und ehrlich gesagt gefällt es mir auch nicht", "außerdem nicht mein Geschmack"],
    "no_longer_needed": ["und brauche es eigentlich nicht mehr", "außerdem haben wir schon eins"],
    "too_small": ["auch etwas eng", "und klein ist es auch"],
    "too_large": ["und etwas groß auch", "außerdem leicht zu weit"],
    "not_as_described": ["und sieht nicht aus wie auf dem Foto", "auch nicht ganz wie beschrieben"],
    "defective": ["und ein Knopf scheint defekt", "außerdem macht es komische Geräusche"],
    "wrong_item": ["und die Farbe ist nicht die bestellte", "weiß nicht ob es überhaupt der richtige ist"],
    "damaged_in_transit": ["und der Karton war beschädigt", "das Paket war auch eingedrückt"],
}
