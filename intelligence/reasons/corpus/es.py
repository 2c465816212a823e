# ruff: noqa: E501 (phrase banks read as data: one claim per string, long lines kept whole)
ITEMS = ["chaqueta", "zapatos", "vestido", "auriculares", "hervidor", "juego de tazas", "alfombra", "vaqueros",
         "lámpara", "funda", "jersey", "botas", "batidora", "almohada", "mochila"]
OPENERS = ["", "", "Hola,", "Buenas,", "Buenos días,", "Estimados,", "Lamentablemente", "Lo siento pero", "Bueno,",
           "hola"]
CLOSERS = ["", "", "", "Gracias.", "¡Muchas gracias!", "Por favor, reembolsen.", "¿Me pueden devolver el dinero?",
           "Saludos", "un saludo", "quedo a la espera"]
CLAIMS = {
    "changed_mind": [
        "he cambiado de opinión", "al final la {item} no me gusta", "prefiero otro color al final",
        "no es mi estilo", "ya no la quiero", "compra impulsiva, me arrepiento", "a mi marido no le gusta",
        "encontré algo que me gusta más", "no es de mi gusto", "pensándolo bien no es para mí",
    ],
    "no_longer_needed": [
        "ya no necesito la {item}", "se canceló el viaje y ya no me sirve", "ya lo compré en una tienda",
        "me lo regalaron", "el evento ya pasó", "lo pedí dos veces por error, solo necesito uno",
        "llegó tarde, tuve que comprarlo en otro sitio", "con la mudanza ya no hace falta", "ya no es necesario",
        "mi hijo ya tiene uno",
    ],
    "too_small": [
        "la {item} es demasiado pequeña", "muy estrecho en los hombros", "talla pequeña, necesito una más grande",
        "no me entra el pie", "diminuto, mucho más pequeño de lo esperado", "una talla más me iría bien, aprieta",
        "las mangas son cortas", "me aprieta en los dedos", "la cintura no cierra, muy justo",
        "parece talla de niño",
    ],
    "too_large": [
        "la {item} es demasiado grande", "me queda muy suelto", "talla grande, necesito una menos",
        "enorme, sobredimensionado", "las mangas son larguísimas", "se me sale el talón, muy ancho",
        "holgado por todas partes, necesito una talla menos", "no cabe en el espacio, muy voluminoso",
        "me queda como una tienda de campaña", "demasiado largo, arrastra por el suelo",
    ],
    "not_as_described": [
        "no se parece nada a las fotos", "el material no es cuero como decía", "el color es muy distinto al de la web",
        "decía impermeable pero no lo es", "es otro modelo del anunciado", "las medidas de la ficha están mal",
        "la calidad es mucho peor de lo que se ve", "la descripción dice algodón y la etiqueta poliéster",
        "no incluye pilas aunque lo prometía", "las fotos de la web engañan",
    ],
    "defective": [
        "la {item} dejó de funcionar a los dos días", "no enciende", "cremallera rota al sacarla de la caja",
        "el auricular izquierdo no suena", "pierde agua", "la costura se abrió el primer día",
        "defectuoso, se apaga solo", "el botón se atasca y la luz parpadea", "el aparato está defectuoso",
        "la batería no carga",
    ],
    "wrong_item": [
        "recibí el artículo equivocado", "me enviaron otro producto", "esto no es lo que pedí",
        "llegó en azul y lo pedí negro", "la caja traía el pedido de otra persona", "enviaron otra talla, no la elegida",
        "recibí un hervidor en vez de la {item}", "la referencia no coincide con mi pedido",
        "mandaron el modelo equivocado", "en el paquete venía otra cosa",
    ],
    "damaged_in_transit": [
        "la {item} llegó rota", "el paquete venía aplastado y la {item} rajada", "caja mojada y producto dañado",
        "llegó destrozado, el transportista lo tiró", "el cristal se rompió en el paquete", "llegó abollado",
        "embalaje roto y el artículo rayado", "llegó en pedazos", "se dañó en el envío, tiene una grieta",
        "esquina rota al recibirlo",
    ],
}
ASIDES = {
    "changed_mind": ["y la verdad he cambiado de opinión", "además no es de mi gusto"],
    "no_longer_needed": ["y ya no lo necesito", "además ya tenemos uno"],
    "too_small": ["también un poco justo", "y encima pequeño"],
    "too_large": ["y algo grande también", "además un poco holgado"],
    "not_as_described": ["y no se parece a la foto", "tampoco es como lo describen"],
    "defective": ["y un botón parece defectuoso", "además hace un ruido raro"],
    "wrong_item": ["y el color no es el que pedí", "no sé si es el correcto"],
    "damaged_in_transit": ["y la caja venía dañada", "el paquete venía algo aplastado"],
}
