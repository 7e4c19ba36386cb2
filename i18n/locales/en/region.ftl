# The region picker every conversation shares (handlers/region_picker.py). A conversation may ask with
# its own texts instead (onboarding, profile, volunteer, pledges, assignments, manage); these are the defaults.
region-ask-province = Choose the province, or type its name.
region-ask-county = Choose a county of { $province }, or type its name.
region-province-invalid = I could not find that province. Please choose from the list, or type the province's name (e.g. "Isfahan") or its number in the list.
region-county-invalid = That county was not found in { $province }. Please choose from the list, or type the county's name or its number in the list.
region-ask-neighbourhood = Type the neighbourhood (optional). Press "Skip" if you prefer not to.
region-neighbourhood-invalid = A neighbourhood name must be 2 to 60 characters. Please type it again or press "Skip".
region-whole-province = All of { $province }
region-lost = This region question is no longer open. Please start again from the main menu.
