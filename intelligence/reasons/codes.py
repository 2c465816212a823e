"""The reason codes the classifier reads, in the order the reports list them, and the portal languages."""
REASON_CODES = ["changed_mind", "no_longer_needed", "too_small", "too_large",
                "not_as_described", "defective", "wrong_item", "damaged_in_transit"]
LANGUAGES = ["en", "de", "fr", "es", "nl"]
