"""The synthetic knowledge base's vocabulary: the cancer type tree, services, publishers, and
the word lists its titles and answers are made from (`synth_pages`)."""

from __future__ import annotations

import re

BODY_MIN, BODY_MAX = 4300, 6900  # bytes of each answer: 4 to 7 KB however a KB is counted

# slug | name | parent | biomarkers (top-level types only; subtypes use their root's)
TYPES = """\
breast-cancer|Breast cancer||HER2,ER,PR,BRCA1,BRCA2,PIK3CA,Ki-67
her2-positive-breast-cancer|HER2-positive breast cancer|breast-cancer
her2-low-breast-cancer|HER2-low breast cancer|breast-cancer
hr-positive-breast-cancer|HR-positive breast cancer|breast-cancer
triple-negative-breast-cancer|Triple-negative breast cancer|breast-cancer
lung-cancer|Lung cancer||EGFR,ALK,ROS1,KRAS G12C,PD-L1,MET,RET
non-small-cell-lung-cancer|Non-small cell lung cancer|lung-cancer
egfr-positive-lung-cancer|EGFR-positive lung cancer|non-small-cell-lung-cancer
alk-positive-lung-cancer|ALK-positive lung cancer|non-small-cell-lung-cancer
kras-g12c-lung-cancer|KRAS G12C lung cancer|non-small-cell-lung-cancer
small-cell-lung-cancer|Small cell lung cancer|lung-cancer
colorectal-cancer|Colorectal cancer||MSI-H,dMMR,KRAS,NRAS,BRAF V600E,HER2,CEA
colon-cancer|Colon cancer|colorectal-cancer
rectal-cancer|Rectal cancer|colorectal-cancer
msi-high-colorectal-cancer|MSI-high colorectal cancer|colorectal-cancer
prostate-cancer|Prostate cancer||PSA,BRCA2,ATM,PSMA,AR-V7
localized-prostate-cancer|Localized prostate cancer|prostate-cancer
metastatic-prostate-cancer|Metastatic prostate cancer|prostate-cancer
castration-resistant-prostate-cancer|Castration-resistant prostate cancer|metastatic-prostate-cancer
ovarian-cancer|Ovarian cancer||BRCA1,BRCA2,HRD,CA-125,FRα
high-grade-serous-ovarian-cancer|High-grade serous ovarian cancer|ovarian-cancer
brca-mutated-ovarian-cancer|BRCA-mutated ovarian cancer|ovarian-cancer
pancreatic-cancer|Pancreatic cancer||KRAS,BRCA2,CA 19-9,NTRK,MSI-H
pancreatic-adenocarcinoma|Pancreatic adenocarcinoma|pancreatic-cancer
pancreatic-neuroendocrine-tumors|Pancreatic neuroendocrine tumors|pancreatic-cancer
melanoma|Melanoma||BRAF V600E,NRAS,KIT,PD-L1,LDH
braf-mutated-melanoma|BRAF-mutated melanoma|melanoma
uveal-melanoma|Uveal melanoma|melanoma
leukemia|Leukemia||FLT3,NPM1,IDH1,IDH2,BCR-ABL1,TP53
acute-myeloid-leukemia|Acute myeloid leukemia|leukemia
flt3-mutated-acute-myeloid-leukemia|FLT3-mutated acute myeloid leukemia|acute-myeloid-leukemia
chronic-lymphocytic-leukemia|Chronic lymphocytic leukemia|leukemia
acute-lymphoblastic-leukemia|Acute lymphoblastic leukemia|leukemia
lymphoma|Lymphoma||CD20,CD30,BCL2,MYC,EZH2
hodgkin-lymphoma|Hodgkin lymphoma|lymphoma
non-hodgkin-lymphoma|Non-Hodgkin lymphoma|lymphoma
diffuse-large-b-cell-lymphoma|Diffuse large B-cell lymphoma|non-hodgkin-lymphoma
follicular-lymphoma|Follicular lymphoma|non-hodgkin-lymphoma
kidney-cancer|Kidney cancer||VHL,PBRM1,PD-L1
clear-cell-renal-cell-carcinoma|Clear cell renal cell carcinoma|kidney-cancer
bladder-cancer|Bladder cancer||FGFR3,PD-L1,Nectin-4,HER2
non-muscle-invasive-bladder-cancer|Non-muscle-invasive bladder cancer|bladder-cancer
muscle-invasive-bladder-cancer|Muscle-invasive bladder cancer|bladder-cancer
head-and-neck-cancer|Head and neck cancer||HPV,p16,PD-L1,EGFR
hpv-positive-oropharyngeal-cancer|HPV-positive oropharyngeal cancer|head-and-neck-cancer"""

SERVICES = [
    line.split("|")
    for line in """\
NCI Cancer Information Service|Free help from specialists by phone, email or chat.|https://www.cancer.gov/contact
NCCN Guidelines for Patients|Free patient versions of US treatment guidelines.|https://www.nccn.org/patients
ClinicalTrials.gov|A free public database of clinical studies.|https://clinicaltrials.gov/
Cancer.Net|Free information for patients and families from ASCO.|https://www.cancer.net/
ESMO Patient Guides|Free guides for patients from ESMO.|https://www.esmo.org/for-patients/patient-guides""".splitlines()
]
PUBLISHERS = [
    ("National Cancer Institute", "https://www.cancer.gov/types/"),
    ("NCCN", "https://www.nccn.org/patientresources/patient-resources/guidelines-for-patients/"),
    ("Cancer.Net", "https://www.cancer.net/cancer-types/"),
    ("ESMO", "https://www.esmo.org/guidelines/"),
]


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.split("|")]


TAGS = _words("biomarkers|testing|treatment|side-effects|clinical-trials|metastatic|surgery|costs")
JOURNALS = _words(
    "New England Journal of Medicine|Journal of Clinical Oncology|The Lancet|"
    "Annals of Oncology|JAMA Oncology"
)


TREATMENTS = _words(
    "chemotherapy|immunotherapy|radiation therapy|hormone therapy|targeted "
    "therapy|surgery|an antibody-drug conjugate|a PARP inhibitor|a stem cell "
    "transplant|CAR T-cell therapy|active surveillance|a kinase inhibitor|"
    "palliative care"
)
TESTS = _words(
    "a CT scan|an MRI|a PET scan|a biopsy|a blood test|next-generation sequencing|"
    "a bone marrow biopsy|an ultrasound|a liquid biopsy|genetic testing|a bone scan"
)
ACTIVITIES = _words(
    "keep working|travel abroad|exercise|drink alcohol|have the flu vaccine|"
    "drive|look after my children|take vitamins|have dental work|garden"
)
WHEN = _words(
    "after surgery|if it comes back|when it has spread|in older adults|at an early "
    "stage|during pregnancy|before surgery|after first treatment stops working"
)
TITLES = _words(
    "What does a {b} result mean for my {t} {w}?|How is {t} treated {w}?|Can I {a} "
    "during {x} for {t} {w}?|What side effects does {x} cause in {t} {w}?|Do I need "
    "{e} for {t} {w}?|How long does {x} for {t} take {w}?|Is {x} an option for {t} "
    "{w}?|What should I ask before {x} for {t} {w}?|Should I join a clinical trial "
    "for {t} {w}?|Why did my doctor order {e} for {t} {w}?"
)
OPENERS = _words(
    "|In many cases, |For some people, |Before treatment starts, |After surgery, |"
    "During treatment, |If the cancer has spread, |At the first visit, |Over time, |"
    "In clinical trials, |Most of the time, |When results are unclear, |Sometimes, "
)
SUBJECTS = _words(
    "your care team|your oncologist|the pathologist|a specialist nurse|the clinic "
    "for {t}|the lab|your surgeon|a radiation oncologist|the tumor board|your "
    "family doctor|a genetic counselor|this test|the treatment plan|{x}"
)
VERBS = _words(
    "may suggest|will usually check|can explain|often looks at|may change|helps "
    "decide|can lower|may delay|usually includes|should discuss|can measure|may "
    "repeat|takes into account|does not replace|can shorten|might recommend"
)
OBJECTS = _words(
    "the stage of the cancer|the results of your {b} test|a sample of the tumor|"
    "the risk of the cancer coming back|side effects such as {s} and {s}|how well "
    "your kidneys and liver work|your other health conditions|a scan of the chest "
    "and abdomen|the schedule of visits|the goals of treatment|the chance of a good "
    "response|your blood counts|your wishes and priorities|the option of a clinical "
    "trial|a second opinion|{x}|the timing of surgery|support for pain and appetite|"
    "the cost of care|your fertility|{e}"
)
ENDINGS = _words(
    "| before each cycle| at every visit| over the following months| in plain words|"
    " with you and your family| when the results come back| if symptoms change| "
    "for people with {t}| as guidelines change| after a few weeks| in most hospitals"
)
EXTRAS = _words(
    "Side effects of {x} can include {s}, {s} and {s}.|It is normal to feel worried "
    "while you wait for the results of {e}.|About {n} in 10 people with {t} are "
    "offered {x} at some point.|Write down your questions before each visit, and "
    "bring someone with you if you can.|Results of {e} usually take {n} to {m} "
    "days.|Guidelines from expert groups are updated often, so the advice may "
    "change.|Tell your team about any new {s}, even if it seems small.|Your report may say "
    "*{b}-positive* or *{b}-negative* (a result that guides the choice of {x})."
)
SIDE_EFFECTS = _words(
    "tiredness|nausea|hair loss|mouth sores|diarrhea|a skin rash|numbness in "
    "the hands|low blood counts|loss of appetite|joint pain|hot flashes|trouble "
    "sleeping|infections|changes in taste|constipation|swelling"
)
HEADINGS = _words(
    "What it means|How {t} is found|How doctors choose a treatment|What to expect|"
    "Side effects and how to manage them|What the research "
    "shows|Living with {t}|When to call your care team|Costs and practical help|"
    "Clinical trials|After treatment|How {x} works|Why {b} matters"
)
SUBHEADINGS = _words(
    "Before treatment|During treatment|After treatment|If the cancer comes "
    "back|For family and friends|Getting a second opinion|At home"
)
ASKS = _words(
    "What stage is my cancer, and what does that mean for me?|Is {x} the right choice "
    "for me, and why?|What side effects should I watch for, and whom do I call?|Do I "
    "need {e}, and when will I get the results?|Is there a clinical trial I could "
    "join?|How will we know if the treatment is working?|Will my {b} result change my "
    "options?|Can I {a} while I am treated?|Who can help me with costs and travel?"
)


def slugify(title: str) -> str:
    slug = ""
    for word in re.findall(r"[a-z0-9]+", title.lower()):
        if len(slug) + len(word) + 1 > 80:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def cancer_types() -> list[dict]:
    """The type tree: slug, name, parent and the biomarkers of its root type."""
    types, markers = [], {}
    for line in TYPES.splitlines():
        slug, name, parent, *rest = line.split("|")
        markers[slug] = rest[0].split(",") if rest else markers[parent]
        types.append(
            {"slug": slug, "name": name, "parent": parent or None, "biomarkers": markers[slug]}
        )
    return types


def lower_title(title: str) -> str:
    """A title as link text inside a sentence: first letter lowercased, no question mark."""
    return title[:1].lower() + title[1:].rstrip("?")


def in_sentence(name: str) -> str:
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]
