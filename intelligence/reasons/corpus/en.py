# ruff: noqa: E501 (phrase banks read as data: one claim per string, long lines kept whole)
ITEMS = ["jacket", "shoes", "dress", "headphones", "kettle", "mug set", "rug", "jeans", "lamp", "phone case",
         "sweater", "boots", "blender", "pillow", "backpack"]
OPENERS = ["", "", "Hi,", "Hello,", "Hi there.", "Dear team,", "Sorry but", "Unfortunately", "Well,", "hey"]
CLOSERS = ["", "", "", "Thanks.", "Thank you!", "Please refund.", "Can I get my money back?", "cheers", "Regards",
           "please advise"]
CLAIMS = {
    "changed_mind": [
        "I changed my mind about the {item}", "I don't like the {item} after all", "decided I prefer a different colour",
        "not really my style once I saw it", "I just don't want it any more, my mistake ordering",
        "on second thought the {item} is not for me", "my wife hates it lol", "ordered on impulse, regret it",
        "the colour looks nicer online, I'd rather not keep it", "I found something I like better",
    ],
    "no_longer_needed": [
        "I don't need the {item} anymore", "the trip was cancelled so no use for it now", "bought one in a shop already",
        "got the same thing as a gift", "the event it was for is over", "ordered twice by accident, only need one",
        "arrived too late, I had to buy it elsewhere", "we moved and it's no longer required",
        "project finished, not needed", "my son already has one",
    ],
    "too_small": [
        "the {item} is too small", "way too tight on the shoulders", "size runs small, need a bigger one",
        "can't get my feet in, too narrow", "it's tiny, much smaller than I expected", "a size up would fit, this is snug",
        "sleeves are too short", "pinches at the toes", "waist too tight, can't close it", "fits like a kids size",
    ],
    "too_large": [
        "the {item} is too big", "far too loose on me", "size runs large, need a smaller one", "it's huge, way oversized",
        "sleeves are much too long", "my heel slips out, too wide", "baggy everywhere, I need a size down",
        "the {item} is enormous, doesnt fit the space", "hangs off me like a tent", "too long, drags on the floor",
    ],
    "not_as_described": [
        "the {item} looks nothing like the pictures", "material is not leather as the description said",
        "colour is completely different from the website", "listing said waterproof but it isn't",
        "it's a different model than advertised", "the dimensions on the page are wrong",
        "quality is much cheaper than shown", "description says cotton, label says polyester",
        "no batteries included although the page promised them", "the photos online are misleading",
    ],
    "defective": [
        "the {item} stopped working after two days", "doesn't turn on at all", "broken zipper out of the box",
        "left earbud makes no sound", "it leaks water", "the seam came apart on first wear", "faulty, keeps switching off",
        "button is stuck and the light flickers", "the {item} is defective", "battery won't charge",
    ],
    "wrong_item": [
        "I received the wrong item", "you sent me a different product", "this is not what I ordered",
        "got a blue one, ordered black", "the box contained someone else's order", "wrong size was sent, not what I picked",
        "received a kettle instead of the {item}", "the SKU on the label doesn't match my order",
        "sent the wrong model", "package had completely different item inside",
    ],
    "damaged_in_transit": [
        "the {item} arrived broken", "parcel was crushed and the {item} is cracked", "box was soaked and item damaged",
        "arrived smashed, carrier must have dropped it", "glass shattered in the package", "dented when it arrived",
        "the packaging was torn open and the {item} scratched", "came in pieces", "delivery damaged it, big crack",
        "courier threw it, corner broken on arrival",
    ],
}
ASIDES = {
    "changed_mind": ["and honestly I changed my mind anyway", "also not really my taste"],
    "no_longer_needed": ["and I don't really need it anymore", "plus we got one already"],
    "too_small": ["also a bit tight", "and it's small too"],
    "too_large": ["and a bit big as well", "also slightly loose"],
    "not_as_described": ["and it doesn't look like the photo", "not quite as described either"],
    "defective": ["and one button seems faulty", "plus it makes a weird noise"],
    "wrong_item": ["and the colour isn't what I ordered", "not sure it's even the right one"],
    "damaged_in_transit": ["and the box was damaged", "the parcel was a bit crushed too"],
}
