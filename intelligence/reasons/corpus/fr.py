# ruff: noqa: E501 (phrase banks read as data: one claim per string, long lines kept whole)
ITEMS = ["veste", "chaussures", "robe", "casque", "bouilloire", "set de tasses", "tapis", "jean", "lampe", "coque",
         "pull", "bottes", "mixeur", "oreiller", "sac à dos"]
OPENERS = ["", "", "Bonjour,", "Bonsoir,", "Salut,", "Madame, Monsieur,", "Malheureusement", "Désolé mais", "Alors,",
           "bjr"]
CLOSERS = ["", "", "", "Merci.", "Merci beaucoup !", "Merci de me rembourser.", "Puis-je être remboursé ?",
           "Cordialement", "bonne journée", "merci de revenir vers moi"]
CLAIMS = {
    "changed_mind": [
        "j'ai changé d'avis", "finalement la {item} ne me plaît pas", "je préfère une autre couleur finalement",
        "pas vraiment mon style", "je ne veux plus la garder", "achat impulsif, je regrette",
        "ma femme ne l'aime pas", "j'ai trouvé mieux ailleurs", "pas à mon goût en vrai", "à la réflexion ce n'est pas pour moi",
    ],
    "no_longer_needed": [
        "je n'ai plus besoin de la {item}", "le voyage est annulé donc plus d'utilité", "déjà acheté en magasin",
        "on me l'a offert entre temps", "l'événement est passé", "commandé deux fois par erreur, un seul suffit",
        "arrivé trop tard, j'ai dû l'acheter ailleurs", "après le déménagement ce n'est plus utile",
        "plus nécessaire", "mon fils en a déjà un",
    ],
    "too_small": [
        "la {item} est trop petite", "beaucoup trop serré aux épaules", "taille petit, il me faut la taille au-dessus",
        "impossible de mettre le pied dedans", "minuscule, bien plus petit que prévu", "une taille de plus irait, ça serre",
        "manches trop courtes", "ça serre au niveau des orteils", "la taille ne ferme pas, trop juste",
        "on dirait une taille enfant",
    ],
    "too_large": [
        "la {item} est trop grande", "beaucoup trop ample", "taille grand, il me faut la taille en dessous",
        "énorme, vraiment surdimensionné", "les manches sont bien trop longues", "le talon glisse, trop large",
        "flotte partout, je dois prendre plus petit", "trop encombrant pour la pièce", "ça fait comme une tente",
        "trop long, traîne par terre",
    ],
    "not_as_described": [
        "ne ressemble pas du tout aux photos", "ce n'est pas du cuir comme indiqué", "couleur très différente du site",
        "annoncé imperméable mais ce n'est pas le cas", "modèle différent de l'annonce",
        "les dimensions de la fiche sont fausses", "qualité bien inférieure à ce qui est montré",
        "la description dit coton, l'étiquette dit polyester", "piles non fournies alors que c'était annoncé",
        "les photos en ligne sont trompeuses",
    ],
    "defective": [
        "la {item} ne marche plus après deux jours", "ne s'allume pas du tout", "fermeture éclair cassée dès le déballage",
        "l'écouteur gauche ne fait aucun son", "ça fuit", "la couture a lâché au premier port",
        "défectueux, s'éteint tout seul", "le bouton est bloqué et la lumière clignote", "l'appareil est défectueux",
        "la batterie ne charge pas",
    ],
    "wrong_item": [
        "j'ai reçu le mauvais article", "vous m'avez envoyé un autre produit", "ce n'est pas ce que j'ai commandé",
        "reçu en bleu, commandé en noir", "le colis contenait la commande de quelqu'un d'autre",
        "mauvaise taille envoyée, pas celle choisie", "reçu une bouilloire au lieu de la {item}",
        "la référence ne correspond pas à ma commande", "mauvais modèle envoyé", "article complètement différent dans le colis",
    ],
    "damaged_in_transit": [
        "la {item} est arrivée cassée", "colis écrasé et la {item} est fissurée", "carton trempé, article abîmé",
        "arrivé en miettes, le transporteur l'a fait tomber", "le verre s'est brisé dans le colis", "reçu cabossé",
        "emballage déchiré et article rayé", "arrivé en morceaux", "abîmé pendant la livraison, grosse fissure",
        "coin cassé à la réception",
    ],
}
ASIDES = {
    "changed_mind": ["et puis j'ai changé d'avis de toute façon", "en plus pas trop mon goût"],
    "no_longer_needed": ["et je n'en ai plus vraiment besoin", "en plus on en a déjà un"],
    "too_small": ["un peu serré aussi", "et c'est petit en plus"],
    "too_large": ["et un peu grand aussi", "en plus légèrement ample"],
    "not_as_described": ["et ça ne ressemble pas à la photo", "pas tout à fait comme décrit non plus"],
    "defective": ["et un bouton semble défectueux", "en plus il fait un bruit bizarre"],
    "wrong_item": ["et la couleur n'est pas celle commandée", "pas sûr que ce soit le bon"],
    "damaged_in_transit": ["et le carton était abîmé", "le colis était un peu écrasé aussi"],
}
