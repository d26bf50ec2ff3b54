"""Tests for the README catalog parsers (pure Python: no database)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from reviews.importers import ImportFormatError, LinkKind, detect_format, parse_readme
from reviews.importers.base import (
    arxiv_id_from_url,
    classify_link,
    clean_title,
    doi_from_url,
    parse_any_date,
    parse_authors,
    parse_month_heading,
    parse_slide_filename,
    parse_venue_year,
    plan_topics,
    repair_mojibake,
)
from reviews.importers.bullets import split_nickname
from reviews.services.papers import entry_status

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed READMEs not found in {SEEDS}")


def seed(prefix: str) -> str:
    """The text of the seed file whose name starts with ``prefix``."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Inline samples, one per format
# --------------------------------------------------------------------------------------------

BULLETS = """\
# Study notes

## CNN

## Classification
- **(2015) ResNet – Deep Residual Learning for Image Recognition**
  - **(2016) ResNet follow-up - Identity Mapping in Deep Residual Networks**
- (2017) MobileNet V2-Inverted Residuals and Linear Bottlenecks
- **(2015) Distilling the knowledge in a Neural Network**

## Detection
- **(2016) YOLO V2, 9000 - YOLO9000:Better,Faster,Stronger**
- (2020) YOLO V4 Optimal Speed and Accuracy of Object Detection
- (2019) Post-Training 4-bit Quantization for rapid deployment Paper (NeurIPS)
- **(2019)**
"""

NUMBERED = """\
## [CNN(Convolutional Neural Network)](https://github.com/g/CNN/blob/master/CNN.md)

##### - paper review

1. [Deep Residual Learning for Image Recognition](https://github.com/g/CNN/blob/master/ResNet.md)

=> Residual connections make very deep networks trainable.

2. [Grad-CAM:
Visual Explanations from Deep Networks via Gradient-based Localization](https://github.com/g/CNN/blob/master/Grad_CAM.md)

=> Class activation maps from gradients.

3. [Feature Pyramid Networks for Object Detection]()

=>

4. [You only look once: Unified, real-time object detection](https://github.com/g/CNN/blob/master/FPN.md)

=> Bottom-up and top-down pathways.
"""

TABLES = """\
# \uf8ffüé≤ Paper-code-review

## Transformer
From | Year | Authors | Paper | Institution | url
---- | ---- | ---- | ---- | ---- | ----
Arxiv | 2020 | H. Touvron et al. | [Training Data-efficient Image Transformers](https://arxiv.org/abs/2012.12877v2) | FAIR &amp; Sorbonne | [[official code]](https://github.com/facebookresearch/deit) [[summary]](https://www.notion.so/DeiT-16eb) [custom code]
CVPR | 2020 | K. He et al. | [Momentum Contrast](https://arxiv.org/abs/1911.05722) | FAIR<br>Menlo Park | [official code] [[custom code]](https://github.com/PaperCodeReview/MoCo-TF) [summary](https://www.notion.so/MoCo-85eb)

## Segmentation
From | Year | Authors | Paper | Institution | url
---- | ---- | ---- | ---- | ---- | ----
MICCAI | 2016 | √ñ. √ái√ßek et al. | [3D U-Net](https://arxiv.org/abs/1606.06650) | University of Freiburg | [[ppt]](https://github.com/g/DPS/blob/master/20200314-3D%20U-Net-%EA%B9%80%EC%84%B1%EC%B2%A0.pdf)
ICCV | 2019 | A. Dosovitskiy, L. Beyer, and X. Zhai et al. |  | Google | -
"""

AREAS = """\
# Deep learning paper review

### Paper Review
- [Study] Deep Learning paper review

---
## Paper Reveiw
**Computer Vision**
- Relational Knowledge Distillation (CVPR 2019)
    - [Original Paper Link](https://arxiv.org/pdf/1904.05068.pdf) / [Paper Review Link](https://github.com/e/r/blob/main/cv/210106_Relational%20KD.pdf)
- Masked Autoencoders Are Scalable Vision Learners (Tech report. arXiv v2)
    - [Original Paper Link](https://openaccess.thecvf.com/He_Masked_CVPR_2022_paper.pdf) / [Paper Review Link](https://github.com/e/r/blob/main/cv/211208_MAE.pdf)
- Solving imageNet: a Unified Scheme for Training any Backbone (2022)
    - [Original Paper Link](https://arxiv.org/pdf/2204.03475.pdf) / [Paper Review Link](https://github.com/e/r/blob/main/cv/220601_challenge.pdf)

**GNN**
- Graph Neural Network
    - [Original Paper Link] / [Paper Review Link](https://github.com/e/r/blob/main/gnn/210303_GNN.pdf)

---
## Research Trends
### 2022
**June, 2022**
- SIoU Loss: More Powerful Learning for Bounding Box Regression
    - [Original Paper Link](https://arxiv.org/pdf/2205.12740.pdf) / [Paper Review Link](https://github.com/e/r/blob/main/rt/2022-06-research_trends.pdf)

May, 2022
- Solving ImageNet: a Unified Scheme for Training any Backbone
    - [Original Paper Link](https://arxiv.org/pdf/2204.03475.pdf) / [Paper Review Link](https://github.com/e/r/blob/main/rt/2022-05-research_trends.pdf)

April, 2022

"""

HTML_TABLE = """\
# Generative models club

## GANs
<table>
  <tr><th>Paper</th><th>Venue</th><th>Year</th><th>Authors</th><th>Links</th></tr>
  <tr>
    <td><a href="https://arxiv.org/abs/1406.2661">Generative Adversarial Nets</a></td>
    <td>NeurIPS</td><td>2014</td><td>I. Goodfellow, J. Pouget-Abadie et al.</td>
    <td><a href="https://github.com/goodfeli/adversarial">code</a><br><a href="https://youtu.be/x">talk</a></td>
  </tr>
  <tr><td>Auto-Encoding Variational Bayes &amp; Friends</td><td>ICLR</td><td>2014</td>
      <td>D. Kingma and M. Welling</td><td></td></tr>
  <tr><td></td><td>ICLR</td><td>2015</td><td></td><td></td></tr>
</table>
"""

GENERIC_NUMBERED = """\
# Reading list

We meet on Fridays.

- This bullet is a sentence about the group and not a paper at all.

## Vision
### Detection
1. [Focal Loss for Dense Object Detection](https://arxiv.org/abs/1708.02002) (ICCV 2017)
2. [End-to-End Object Detection with Transformers](https://arxiv.org/pdf/2005.12872v3.pdf) (ECCV 2020) [[code]](https://github.com/facebookresearch/detr)
   - [slides](https://example.org/talks/20210305-DETR-Jane%20Doe.pptx)
3.
#### One-stage
- **YOLOv3: An Incremental Improvement**, J. Redmon et al. arXiv 2018

## Language
- [x] Attention Is All You Need (NeurIPS 2017) [paper](https://doi.org/10.5555/3295222.3295349)
- [ ] BERT: Pre-training of Deep Bidirectional Transformers (NAACL 2019)
  - A nested note that explains why BERT matters to the group.
- [pdf](https://example.org/orphan.pdf)

### 2021-03
- [Language Models are Few-Shot Learners](https://arxiv.org/abs/2005.14165) (NeurIPS 2020) [video](https://www.youtube.com/watch?v=abc)
"""


def by_title(catalog, title):
    """The one entry with this exact title."""
    [entry] = [e for e in catalog.entries if e.title == title]
    return entry


# --------------------------------------------------------------------------------------------
# Format detection and errors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BULLETS, "bullets"),
        (NUMBERED, "tree"),
        (TABLES, "tree"),
        (AREAS, "areas"),
        (HTML_TABLE, "tree"),
        (GENERIC_NUMBERED, "tree"),
    ],
)
def test_format_is_detected_from_the_text(text, expected):
    assert detect_format(text) == expected
    assert parse_readme(text).format == expected


def test_source_is_kept_on_the_catalog():
    assert parse_readme(BULLETS, source="github.com/x/y").source == "github.com/x/y"


def test_nul_bytes_raise_with_their_line_number():
    with pytest.raises(ImportFormatError) as error:
        parse_readme("# Title\n- (2015) ResNet - Deep Residual\nbin\x00ary\n")
    assert error.value.line == 3


def test_bytes_that_are_not_utf8_raise():
    with pytest.raises(ImportFormatError):
        parse_readme(b"# Title\n\xff\xfe junk")


def test_text_without_entries_raises():
    with pytest.raises(ImportFormatError, match="no paper entries"):
        parse_readme("# Just a project\n\nSome prose, no list of papers.\n")


def test_empty_text_raises():
    with pytest.raises(ImportFormatError):
        parse_readme("")


def test_importing_the_parsers_does_not_import_django():
    code = (
        "import sys, reviews.importers; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=repo, check=False)
    assert result.returncode == 0


def test_ordinary_readme_feature_list_is_not_a_catalog():
    text = (
        "# mytool\n\n## Features\n- **Fast** parsing\n- [Docs](https://mytool.dev/docs)\n"
        "- [ ] Windows support\n\n## Install\n1. Clone the repo.\n2. Run make.\n"
    )
    with pytest.raises(ImportFormatError):
        parse_readme(text)


def test_generic_plain_titles_are_kept_where_most_entries_are_clearly_papers():
    text = (
        "## Reading\n"
        "- Attention Is All You Need (NeurIPS 2017)\n"
        "- Deep Residual Learning for Image Recognition (CVPR 2016)\n"
        "- **Mamba: Linear-Time Sequence Modeling**\n"
    )
    titles = [e.title for e in parse_readme(text).entries]
    assert titles[-1] == "Mamba: Linear-Time Sequence Modeling"


# --------------------------------------------------------------------------------------------
# Bullets (seed 000 format)
# --------------------------------------------------------------------------------------------


def test_bold_entries_are_reviewed_and_plain_ones_are_to_read():
    catalog = parse_readme(BULLETS)
    assert by_title(catalog, "Deep Residual Learning for Image Recognition").reviewed is True
    assert by_title(catalog, "Inverted Residuals and Linear Bottlenecks").reviewed is False


def test_nickname_is_split_from_title_at_the_first_dash():
    entry = parse_readme(BULLETS).entries[0]
    assert (entry.short_name, entry.title, entry.year) == (
        "ResNet",
        "Deep Residual Learning for Image Recognition",
        2015,
    )


def test_title_without_nickname_is_kept_whole():
    catalog = parse_readme(BULLETS)
    entry = by_title(catalog, "Distilling the knowledge in a Neural Network")
    assert entry.short_name == ""


def test_nested_bullet_is_a_follow_up_of_its_parent():
    catalog = parse_readme(BULLETS)
    follow_up = by_title(catalog, "Identity Mapping in Deep Residual Networks")
    assert catalog.entries[follow_up.follow_up_of].short_name == "ResNet"


def test_missing_space_after_colon_and_comma_is_added():
    catalog = parse_readme(BULLETS)
    assert by_title(catalog, "YOLO9000: Better, Faster, Stronger").short_name == "YOLO V2, 9000"


def test_versioned_name_without_dash_becomes_the_nickname():
    catalog = parse_readme(BULLETS)
    entry = by_title(catalog, "Optimal Speed and Accuracy of Object Detection")
    assert entry.short_name == "YOLO V4"


def test_trailing_venue_in_parentheses_is_read_and_dangling_paper_dropped():
    catalog = parse_readme(BULLETS)
    entry = by_title(catalog, "Post-Training 4-bit Quantization for rapid deployment")
    assert (entry.venue, entry.year) == ("NeurIPS", 2019)


def test_bullet_with_year_but_no_title_is_skipped_with_reason():
    skipped = parse_readme(BULLETS).skipped
    assert [(s.line, s.reason) for s in skipped] == [(15, "list item has no paper title")]


def test_empty_heading_followed_by_same_level_heading_is_parent_of_following_topics():
    catalog = parse_readme(BULLETS)
    assert catalog.topics == [("CNN",), ("CNN", "Classification"), ("CNN", "Detection")]


def test_entry_line_numbers_are_one_based():
    assert parse_readme(BULLETS).entries[0].line == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R-CNN - Rich feature hierarchies", ("R-CNN", "Rich feature hierarchies")),
        ("EfficientNet-Rethinking Model Scaling", ("EfficientNet", "Rethinking Model Scaling")),
        ("Post-Training 4-bit Quantization", ("", "Post-Training 4-bit Quantization")),
        ("ShuffleNet V2: Practical Guidelines", ("", "ShuffleNet V2: Practical Guidelines")),
        ("Bag of Tricks – Bag of Tricks for CNNs", ("Bag of Tricks", "Bag of Tricks for CNNs")),
    ],
)
def test_split_nickname_only_cuts_after_a_nickname(text, expected):
    assert split_nickname(text) == expected


# --------------------------------------------------------------------------------------------
# Numbered (seed 001 format)
# --------------------------------------------------------------------------------------------


def test_numbered_items_link_to_their_review_as_summary():
    entry = parse_readme(NUMBERED).entries[0]
    assert entry.links == {
        LinkKind.SUMMARY: "https://github.com/g/CNN/blob/master/ResNet.md",
    }
    assert entry.summary == "Residual connections make very deep networks trainable."


def test_wrapped_title_is_joined_into_one_line():
    entry = parse_readme(NUMBERED).entries[1]
    assert entry.title == (
        "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization"
    )
    assert entry.line == 9


def test_empty_link_keeps_the_entry_without_links_or_summary():
    entry = parse_readme(NUMBERED).entries[2]
    assert (entry.title, entry.links, entry.summary) == (
        "Feature Pyramid Networks for Object Detection",
        {},
        "",
    )


def test_link_to_another_papers_review_is_kept_and_noted():
    entry = parse_readme(NUMBERED).entries[3]
    assert entry.links[LinkKind.SUMMARY].endswith("/FPN.md")
    assert "entry 2" in entry.notes[0]


def test_small_headings_are_not_topics():
    catalog = parse_readme(NUMBERED)
    assert catalog.topics == [("CNN (Convolutional Neural Network)",)]


# --------------------------------------------------------------------------------------------
# Tables (seed 003 format, pipe and HTML)
# --------------------------------------------------------------------------------------------


def test_table_row_fields_are_read_by_header_name():
    entry = parse_readme(TABLES).entries[0]
    assert (entry.venue, entry.year, entry.institutions) == ("arXiv", 2020, "FAIR & Sorbonne")
    assert (entry.authors, entry.authors_et_al) == (["H. Touvron"], True)
    assert entry.topic == ("Transformer",)


def test_arxiv_abs_title_link_is_paper_with_arxiv_id_without_version():
    entry = parse_readme(TABLES).entries[0]
    assert entry.links[LinkKind.PAPER] == "https://arxiv.org/abs/2012.12877v2"
    assert entry.arxiv_id == "2012.12877"


def test_double_bracket_labels_classify_url_cell_links():
    links = parse_readme(TABLES).entries[0].links
    assert links[LinkKind.CODE] == "https://github.com/facebookresearch/deit"
    assert links[LinkKind.SUMMARY] == "https://www.notion.so/DeiT-16eb"
    assert LinkKind.OUR_CODE not in links  # "[custom code]" with no URL means none


def test_single_bracket_summary_link_counts_and_bare_label_does_not():
    links = parse_readme(TABLES).entries[1].links
    assert links[LinkKind.SUMMARY] == "https://www.notion.so/MoCo-85eb"
    assert links[LinkKind.OUR_CODE] == "https://github.com/PaperCodeReview/MoCo-TF"
    assert LinkKind.CODE not in links


def test_br_in_cell_becomes_a_space():
    assert parse_readme(TABLES).entries[1].institutions == "FAIR Menlo Park"


def test_mojibake_author_is_repaired():
    assert parse_readme(TABLES).entries[2].authors == ["Ö. Çiçek"]


def test_mojibake_title_heading_is_repaired():
    assert parse_readme(TABLES).title == "Paper-code-review"


def test_ppt_link_gives_slides_and_a_dated_presentation_with_presenter():
    entry = parse_readme(TABLES).entries[2]
    assert LinkKind.SLIDES in entry.links
    [talk] = entry.presentations
    assert (talk.presented_on, talk.presenter) == (date(2020, 3, 14), "김성철")
    assert talk.slides_url == entry.links[LinkKind.SLIDES]


def test_table_row_without_title_is_skipped_with_reason():
    [skipped] = parse_readme(TABLES).skipped
    assert (skipped.line, skipped.reason) == (13, "table row has no paper title")


def test_html_table_rows_become_entries():
    catalog = parse_readme(HTML_TABLE)
    gan = catalog.entries[0]
    assert (gan.title, gan.venue, gan.year, gan.topic) == (
        "Generative Adversarial Nets",
        "NeurIPS",
        2014,
        ("GANs",),
    )
    assert gan.links == {
        LinkKind.PAPER: "https://arxiv.org/abs/1406.2661",
        LinkKind.CODE: "https://github.com/goodfeli/adversarial",
        LinkKind.VIDEO: "https://youtu.be/x",
    }
    assert gan.line == 6


def test_html_entities_in_html_cells_are_decoded():
    entry = parse_readme(HTML_TABLE).entries[1]
    assert entry.title == "Auto-Encoding Variational Bayes & Friends"
    assert (entry.authors, entry.authors_et_al) == (["D. Kingma", "M. Welling"], False)


def test_html_row_without_title_is_skipped():
    assert [s.reason for s in parse_readme(HTML_TABLE).skipped] == ["table row has no paper title"]


# --------------------------------------------------------------------------------------------
# Areas and research trends (seed 004 format)
# --------------------------------------------------------------------------------------------


def test_bold_area_lines_are_topics_and_intro_bullets_are_ignored():
    catalog = parse_readme(AREAS)
    assert catalog.topics == [("Computer Vision",), ("GNN",)]
    assert all(e.title != "[Study] Deep Learning paper review" for e in catalog.entries)


def test_venue_and_year_in_parentheses_are_read():
    entry = parse_readme(AREAS).entries[0]
    assert (entry.title, entry.venue, entry.year) == (
        "Relational Knowledge Distillation",
        "CVPR",
        2019,
    )


def test_arxiv_like_venue_is_normalised_without_year():
    entry = parse_readme(AREAS).entries[1]
    assert (entry.venue, entry.year) == ("arXiv", None)


def test_original_paper_pdf_link_is_pdf_with_arxiv_id():
    entry = parse_readme(AREAS).entries[0]
    assert entry.links[LinkKind.PDF] == "https://arxiv.org/pdf/1904.05068.pdf"
    assert entry.arxiv_id == "1904.05068"


def test_non_arxiv_pdf_is_pdf_without_arxiv_id():
    entry = parse_readme(AREAS).entries[1]
    assert LinkKind.PDF in entry.links and entry.arxiv_id == ""


def test_paper_review_link_is_slides_dated_from_file_name():
    entry = parse_readme(AREAS).entries[0]
    [talk] = entry.presentations
    assert (talk.presented_on, talk.presenter) == (date(2021, 1, 6), "")
    assert entry.links[LinkKind.SLIDES] == talk.slides_url


def test_original_paper_label_without_url_gives_no_link():
    entry = parse_readme(AREAS).entries[3]
    assert entry.title == "Graph Neural Network"
    assert set(entry.links) == {LinkKind.SLIDES}


def test_review_part_entries_are_reviewed_and_trend_entries_unspecified():
    catalog = parse_readme(AREAS)
    assert [e.reviewed for e in catalog.entries] == [True, True, True, True, None, None]


def test_bold_and_plain_month_lines_open_trend_collections():
    collections = parse_readme(AREAS).collections
    assert [(c.key, c.title, c.month, c.kind) for c in collections] == [
        ("2022-06", "June, 2022", date(2022, 6, 1), "trends"),
        ("2022-05", "May, 2022", date(2022, 5, 1), "trends"),
    ]
    assert [c.entry_indexes for c in collections] == [[4], [5]]


def test_trend_entries_carry_their_collection_and_no_topic():
    entry = parse_readme(AREAS).entries[4]
    assert (entry.collection, entry.topic) == ("2022-06", ())


def test_paper_in_both_parts_is_two_entries_with_one_title():
    catalog = parse_readme(AREAS)
    both = [e for e in catalog.entries if e.arxiv_id == "2204.03475"]
    assert len(both) == 2
    assert {e.title for e in both} == {
        "Solving ImageNet: a Unified Scheme for Training any Backbone"
    }


# --------------------------------------------------------------------------------------------
# Generic fallback
# --------------------------------------------------------------------------------------------


def test_generic_nested_headings_give_parent_and_child_topics():
    catalog = parse_readme(GENERIC_NUMBERED)
    assert catalog.topics == [
        ("Vision",),
        ("Vision", "Detection"),
        ("Vision", "One-stage"),
        ("Language",),
    ]


def test_generic_numbered_items_read_venue_and_year_in_parentheses():
    entry = parse_readme(GENERIC_NUMBERED).entries[0]
    assert (entry.title, entry.venue, entry.year) == (
        "Focal Loss for Dense Object Detection",
        "ICCV",
        2017,
    )


def test_generic_nested_link_item_adds_slides_to_the_paper_above():
    entry = parse_readme(GENERIC_NUMBERED).entries[1]
    assert entry.links[LinkKind.CODE] == "https://github.com/facebookresearch/detr"
    [talk] = entry.presentations
    assert (talk.presented_on, talk.presenter) == (date(2021, 3, 5), "Jane Doe")


def test_generic_bold_title_with_authors_and_venue():
    entry = parse_readme(GENERIC_NUMBERED).entries[2]
    assert (entry.title, entry.authors, entry.authors_et_al, entry.venue, entry.year) == (
        "YOLOv3: An Incremental Improvement",
        ["J. Redmon"],
        True,
        "arXiv",
        2018,
    )


def test_generic_checkboxes_mark_reviewed_and_to_read():
    catalog = parse_readme(GENERIC_NUMBERED)
    assert by_title(catalog, "Attention Is All You Need").reviewed is True
    assert (
        by_title(catalog, "BERT: Pre-training of Deep Bidirectional Transformers").reviewed is False
    )


def test_generic_doi_link_sets_doi():
    entry = by_title(parse_readme(GENERIC_NUMBERED), "Attention Is All You Need")
    assert entry.doi == "10.5555/3295222.3295349"


def test_generic_nested_prose_becomes_the_summary():
    entry = by_title(
        parse_readme(GENERIC_NUMBERED), "BERT: Pre-training of Deep Bidirectional Transformers"
    )
    assert entry.summary == "A nested note that explains why BERT matters to the group."


def test_generic_month_heading_opens_a_dated_collection():
    catalog = parse_readme(GENERIC_NUMBERED)
    [collection] = catalog.collections
    assert (collection.key, collection.month, collection.kind) == (
        "2021-03",
        date(2021, 3, 1),
        "reading_list",
    )
    entry = catalog.entries[collection.entry_indexes[0]]
    assert entry.title == "Language Models are Few-Shot Learners"
    assert entry.links[LinkKind.VIDEO] == "https://www.youtube.com/watch?v=abc"


def test_generic_prose_bullets_are_ignored_and_titleless_items_skipped():
    catalog = parse_readme(GENERIC_NUMBERED)
    assert len(catalog.entries) == 6
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (12, "empty list item"),
        (20, "links with no paper title"),
    ]


def test_generic_month_under_year_heading():
    text = "## 2021\n### March\n- [A Paper Title Here](https://arxiv.org/abs/2101.00001)\n"
    catalog = parse_readme(text)
    assert [c.key for c in catalog.collections] == ["2021-03"]
    assert catalog.topics == []


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def test_mac_roman_mojibake_is_repaired():
    assert repair_mojibake("√ñ. √ái√ßek") == "Ö. Çiçek"


def test_mac_roman_emoji_with_apple_logo_byte_is_repaired():
    assert repair_mojibake("\uf8ffüìñ Table") == "📖 Table"


@pytest.mark.parametrize("text", ["Café Müller", "µLayer", "ResNet – Deep", "김성철", "“quoted”"])
def test_text_that_is_not_mojibake_is_kept(text):
    assert repair_mojibake(text) == text


def test_latin1_mojibake_is_repaired_by_ftfy():
    assert repair_mojibake("CafÃ©") == "Café"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("20200314-KDGAN-%EA%B9%80%EC%84%B1%EC%B2%A0.pdf", (date(2020, 3, 14), "김성철")),
        ("20200201-ROAR-%EA%B9%80%EC%84%B1%EC%B2%A0.pdf", (date(2020, 2, 1), "김성철")),
        (
            "20200530-Designing%20Network%20Design%20Spaces-SungchulKim.pdf",
            (date(2020, 5, 30), "SungchulKim"),
        ),
        (
            "20200808-Regularizing%20Class-wise%20Predictions%20via%20Self-knowledge%20Distillation.pdf",
            (date(2020, 8, 8), ""),
        ),
        (
            "200914_Unsupervised%20Data%20Augmentation%20for%20Consistency%20Training.pdf",
            (date(2020, 9, 14), ""),
        ),
        (
            "200803_FickleNet.%20Weakly%20and%20Semi-supervised%20Semantic.pdf",
            (date(2020, 8, 3), ""),
        ),
        ("190817_Panoptic%20Segmentation.pdf", (date(2019, 8, 17), "")),
        ("191019_EfficientNet.pdf", (date(2019, 10, 19), "")),
        ("Deeplabv1%2Cv2%2Cv3%2Cv3%2B.pdf", (None, "")),
        ("Grad-CAM.pdf", (None, "")),
        ("GIoU.pdf", (None, "")),
        ("InceptionV1.pdf", (None, "")),
        ("2022-06-research_trends.pdf", (None, "")),
        ("20210101-Some Paper-FickleNet.pdf", (date(2021, 1, 1), "")),
        ("20210101-Some Paper-Sungchul Kim.pdf", (date(2021, 1, 1), "Sungchul Kim")),
    ],
)
def test_slide_file_name_gives_date_and_presenter(name, expected):
    assert parse_slide_filename(name) == expected


@pytest.mark.parametrize(
    ("url", "label", "kind"),
    [
        ("https://arxiv.org/abs/2012.12877", "", LinkKind.PAPER),
        ("https://arxiv.org/pdf/2012.12877.pdf", "", LinkKind.PDF),
        ("https://doi.org/10.1109/CVPR.2016.90", "", LinkKind.PAPER),
        ("https://distill.pub/2021/gnn-intro/", "Original Link", LinkKind.PAPER),
        ("https://openaccess.thecvf.com/x_paper.pdf", "Original Paper Link", LinkKind.PDF),
        ("https://github.com/a/b", "official code", LinkKind.CODE),
        ("https://github.com/PaperCodeReview/b", "custom code", LinkKind.OUR_CODE),
        ("https://www.notion.so/page", "summary", LinkKind.SUMMARY),
        ("https://github.com/a/b/blob/master/FPN.md", "", LinkKind.SUMMARY),
        ("https://github.com/a/b/blob/master/deck.pdf", "ppt", LinkKind.SLIDES),
        ("https://github.com/a/b/blob/main/210106_x.pdf", "Paper Review Link", LinkKind.SLIDES),
        ("https://example.org/my-review.html", "review", LinkKind.REVIEW),
        ("https://www.youtube.com/watch?v=x", "", LinkKind.VIDEO),
        ("https://medium.com/@a/post", "", LinkKind.SUMMARY),
        ("", "official code", None),
    ],
)
def test_links_are_classified_by_label_then_url(url, label, kind):
    assert classify_link(url, label) == kind


@pytest.mark.parametrize(
    ("url", "arxiv_id"),
    [
        ("https://arxiv.org/abs/2012.12877v2", "2012.12877"),
        ("https://arxiv.org/pdf/1904.05068.pdf", "1904.05068"),
        ("http://arxiv.org/abs/cs/0112017", "cs/0112017"),
        ("https://example.org/2012.12877", ""),
    ],
)
def test_arxiv_id_is_extracted_without_version(url, arxiv_id):
    assert arxiv_id_from_url(url) == arxiv_id


def test_doi_is_extracted_from_doi_urls():
    assert doi_from_url("https://doi.org/10.1109/CVPR.2016.90") == "10.1109/CVPR.2016.90"


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("CVPR 2019", ("CVPR", 2019)),
        ("2019", ("", 2019)),
        ("Tech report. arXiv v2", ("arXiv", None)),
        ("ICCV Workshop 2019", ("ICCV Workshop", 2019)),
        ("NeurIPS", ("NeurIPS", None)),
        ("", ("", None)),
        ("You Only Look Once", None),
    ],
)
def test_parenthesised_venue_and_year_are_parsed(inner, expected):
    assert parse_venue_year(inner) == expected


def test_title_pasted_twice_is_undoubled():
    title = "Masked Autoencoders Are Scalable Vision Learners"
    doubled = title + title
    assert clean_title(doubled) == title


def test_underscores_become_spaces_except_in_code_like_words():
    assert clean_title("Post_Training for language_models") == "Post Training for language models"
    assert clean_title("torch.manual_seed(3407) is all you need") == (
        "torch.manual_seed(3407) is all you need"
    )


def test_authors_with_and_and_et_al_are_split():
    assert parse_authors("A. Dosovitskiy, L. Beyer, and X. Zhai et al.") == (
        ["A. Dosovitskiy", "L. Beyer", "X. Zhai"],
        True,
    )


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("**June, 2022**", date(2022, 6, 1)),
        ("May, 2022", date(2022, 5, 1)),
        ("2021-03", date(2021, 3, 1)),
        ("Sept 2020", date(2020, 9, 1)),
        ("2022", None),
        ("Computer Vision", None),
    ],
)
def test_month_headings_are_parsed(text, month):
    assert parse_month_heading(text) == month


def test_empty_heading_with_link_does_not_become_a_parent():
    lines = ["## Table of reviews [link](https://x.org)", "## Transformer", "- x"]
    assert plan_topics(lines) == {0: ("Table of reviews link",), 1: ("Transformer",)}


# --------------------------------------------------------------------------------------------
# The four real seeds
# --------------------------------------------------------------------------------------------


@needs_seeds
def test_seed_000_has_53_entries_in_7_topics_under_cnn_with_26_reviewed():
    catalog = parse_readme(seed("000"), source="000")
    assert catalog.format == "bullets"
    assert len(catalog.entries) == 53
    leaf_topics = {e.topic for e in catalog.entries}
    assert len(leaf_topics) == 7
    assert all(topic[0] == "CNN" for topic in leaf_topics)
    assert catalog.topics[0] == ("CNN",)
    assert sum(e.reviewed is True for e in catalog.entries) == 26
    assert catalog.skipped == []


@needs_seeds
def test_seed_000_titles_years_and_nicknames():
    catalog = parse_readme(seed("000"))
    resnet = by_title(catalog, "Deep Residual Learning for Image Recognition")
    assert (resnet.short_name, resnet.year, resnet.reviewed) == ("ResNet", 2015, True)
    assert by_title(catalog, "YOLO9000: Better, Faster, Stronger").short_name == "YOLO V2, 9000"
    xception = by_title(catalog, "Xception: Deep Learning with Depthwise Separable Convolutions")
    assert xception.short_name == "Xception"
    distilling = by_title(catalog, "Distilling the knowledge in a Neural Network")
    assert (distilling.short_name, distilling.year) == ("", 2015)


@needs_seeds
def test_seed_000_follow_ups_point_at_their_parents():
    catalog = parse_readme(seed("000"))
    follow_ups = {
        e.title: catalog.entries[e.follow_up_of].short_name
        for e in catalog.entries
        if e.follow_up_of is not None
    }
    assert follow_ups == {
        "Identity Mapping in Deep Residual Networks": "ResNet",
        "Inverted Residuals and Linear Bottlenecks": "MobileNet",
        "Searching for MobileNetV3": "MobileNet",
        "ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design": "ShuffleNet",
    }


@needs_seeds
def test_seed_001_has_16_entries_with_summaries_and_one_without_link():
    catalog = parse_readme(seed("001"))
    assert catalog.format == "tree"
    assert len(catalog.entries) == 16
    no_link = [e for e in catalog.entries if not e.links]
    assert [e.title for e in no_link] == ["Feature Pyramid Networks for Object Detection"]
    assert no_link[0].summary == ""
    assert all(set(e.links) == {LinkKind.SUMMARY} for e in catalog.entries if e.links)
    assert sum(bool(e.summary) for e in catalog.entries) == 14


@needs_seeds
def test_seed_001_wrapped_title_is_joined_and_crossed_link_noted():
    catalog = parse_readme(seed("001"))
    grad_cam = catalog.entries[15]
    assert grad_cam.title == (
        "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization"
    )
    yolo = catalog.entries[13]
    assert yolo.links[LinkKind.SUMMARY].endswith("/FPN.md")
    assert yolo.notes and "Feature Pyramid Networks" in yolo.notes[0]


@needs_seeds
def test_seed_003_has_56_rows_in_13_topics():
    catalog = parse_readme(seed("003"))
    assert catalog.format == "tree"
    assert len(catalog.entries) == 56
    assert len(catalog.topics) == 13
    assert catalog.skipped == []
    assert catalog.title == "Paper-code-review"


@needs_seeds
def test_seed_003_links_presentations_and_repaired_names():
    catalog = parse_readme(seed("003"))
    deit = catalog.entries[0]
    assert (deit.arxiv_id, deit.authors, deit.authors_et_al) == ("2012.12877", ["H. Touvron"], True)
    assert set(deit.links) == {LinkKind.PAPER, LinkKind.CODE, LinkKind.SUMMARY}
    unet3d = by_title(
        catalog, "3D U-Net: Learning Dense Volumetric Segmentation from Sparse Annotation"
    )
    assert unet3d.authors == ["Ö. Çiçek"]
    talks = {
        (p.presented_on, p.presenter)
        for e in catalog.entries
        for p in e.presentations
        if p.presenter
    }
    assert talks == {
        (date(2020, 3, 14), "김성철"),
        (date(2020, 2, 1), "김성철"),
        (date(2020, 5, 30), "SungchulKim"),
    }
    assert sum(len(e.presentations) for e in catalog.entries) == 13
    assert sum(LinkKind.OUR_CODE in e.links for e in catalog.entries) == 5


@needs_seeds
def test_seed_004_has_17_reviews_and_28_trend_picks():
    catalog = parse_readme(seed("004"))
    assert catalog.format == "areas"
    assert len(catalog.entries) == 45
    reviews = [e for e in catalog.entries if not e.collection]
    trends = [e for e in catalog.entries if e.collection]
    assert (len(reviews), len(trends)) == (17, 28)
    assert len({e.arxiv_id or e.title for e in catalog.entries}) == 43
    assert catalog.topics == [
        ("Computer Vision",),
        ("GNN",),
        ("Recommender System",),
        ("CS229 Study",),
    ]
    assert [c.key for c in catalog.collections] == [
        "2022-06",
        "2022-05",
        "2022-04",
        "2022-03",
        "2022-02",
        "2022-01",
        "2021-12",
    ]


@needs_seeds
def test_seed_004_venues_links_and_slide_dates():
    catalog = parse_readme(seed("004"))
    rkd = catalog.entries[0]
    assert (rkd.venue, rkd.year, rkd.arxiv_id) == ("CVPR", 2019, "1904.05068")
    assert rkd.presentations[0].presented_on == date(2021, 1, 6)
    mae = by_title(catalog, "Masked Autoencoders Are Scalable Vision Learners")
    assert (mae.venue, mae.year) == ("arXiv", None)
    continual = by_title(catalog, "Continual Learning")
    assert set(continual.links) == {LinkKind.SLIDES}
    distill = by_title(catalog, "A Gentle Introduction to Graph Neural Networks")
    assert distill.links[LinkKind.PAPER] == "https://distill.pub/2021/gnn-intro/"
    torch_seed = catalog.entries[4]
    assert torch_seed.presentations[0].presented_on == date(2021, 11, 5)
    assert "GhostNet" in torch_seed.notes[0]


def test_generic_short_titles_with_link_words_are_papers_not_link_labels():
    text = (
        "## Video\n"
        "- [Video Swin Transformer](https://arxiv.org/abs/2106.13230) (CVPR 2022)\n"
        "- [Code Llama](https://arxiv.org/abs/2308.12950) (arXiv 2023) [code](https://github.com/x/y)\n"
        "- [Original Paper Link](https://arxiv.org/abs/2010.11929)\n"
    )
    catalog = parse_readme(text)
    assert [entry.title for entry in catalog.entries] == ["Video Swin Transformer", "Code Llama"]
    assert catalog.entries[1].links[LinkKind.CODE] == "https://github.com/x/y"


def test_an_entry_without_a_year_takes_it_from_its_arxiv_id():
    text = (
        "## Trends\n"
        "- Solving ImageNet: a Unified Scheme for Training any Backbone to Top Results\n"
        "    - [Original Paper Link](https://arxiv.org/pdf/2204.03475.pdf)\n"
        "- Graph Neural Network (2021)\n"
        "    - [Original Paper Link](https://arxiv.org/pdf/1812.08434.pdf)\n"
    )
    years = [entry.year for entry in parse_readme(text).entries]
    assert years == [2022, 2021]


# --- Other study groups' READMEs (tests/data/readmes, written for these tests) ---------------

READMES = Path(__file__).resolve().parent.parent / "data" / "readmes"


def other(name: str, **kwargs):
    return parse_readme((READMES / name).read_text(encoding="utf-8"), source=name, **kwargs)


def test_korean_table_with_topic_header_gives_talks_venues_and_relative_reviews():
    catalog = other("ko_table_topic_header.md")

    first = catalog.entries[0]
    assert first.title == "Attention Is All You Need"
    assert (first.venue, first.year, first.topic) == ("NeurIPS", 2017, ())
    assert first.links[LinkKind.SUMMARY] == "reviews/transformer.md"
    assert [(p.presented_on, p.presenter) for p in first.presentations] == [
        (date(2023, 12, 3), "김민수")
    ]
    assert any("relative link" in note for note in first.notes)


def test_several_papers_in_one_cell_are_split_and_a_pointer_row_is_skipped():
    catalog = other("ko_table_topic_header.md")

    titles = [e.title for e in catalog.entries]
    assert "Language Models are Few-Shot Learners" in titles
    assert "Scaling Laws for Neural Language Models" in titles
    assert len(titles) == 5
    assert [s.line for s in catalog.skipped] == [13]


def test_base_url_makes_relative_review_links_absolute():
    catalog = other("ko_table_topic_header.md", base_url="https://github.com/g/r/blob/main/")

    links = [e.links.get(LinkKind.SUMMARY) for e in catalog.entries[:2]]
    assert links == [
        "https://github.com/g/r/blob/main/reviews/transformer.md",
        "https://github.com/g/r/blob/main/reviews/bert.md",
    ]


def test_chinese_table_reads_presenter_date_venue_and_check_mark():
    catalog = other("zh_table_lunwen.md")

    assert [e.title for e in catalog.entries][:2] == [
        "Deep Residual Learning for Image Recognition",
        "Densely Connected Convolutional Networks",
    ]
    resnet = catalog.entries[0]
    assert (resnet.venue, resnet.year, resnet.status) == ("CVPR", 2016, "reviewed")
    assert resnet.presentations[0].presenter == "张伟"
    assert resnet.presentations[0].presented_on == date(2021, 3, 6)
    assert catalog.entries[2].status == ""
    assert catalog.entries[3].links[LinkKind.PAPER] == "https://arxiv.org/abs/1905.11946"
    assert all(e.topic == () for e in catalog.entries)  # "已分享" wraps, it is no topic


def test_japanese_table_reads_title_column_and_slides():
    catalog = other("ja_table_title.md")

    mae = catalog.entries[0]
    assert mae.title == "Masked Autoencoders Are Scalable Vision Learners"
    assert mae.links[LinkKind.SLIDES] == "https://speakerdeck.com/sato/mae"
    assert mae.presentations[0].presented_on == date(2022, 5, 13)
    assert catalog.entries[1].links[LinkKind.SUMMARY] == "notes/vit.md"


def test_columns_are_inferred_from_content_dates_names_and_o_x_marks():
    catalog = other("en_table_infer_columns.md")

    assert [(e.title, e.venue, e.year, e.status) for e in catalog.entries] == [
        ("Generative Adversarial Networks", "NIPS", 2014, "reviewed"),
        ("Auto-Encoding Variational Bayes", "ICLR", 2014, "reviewed"),
        ("Denoising Diffusion Probabilistic Models", "NeurIPS", 2020, "to_read"),
    ]
    talk = catalog.entries[0].presentations[0]
    assert (talk.presented_on, talk.presenter) == (date(2021, 3, 15), "Alice Chen")


def test_yymmdd_dates_and_dated_slides_give_talks():
    catalog = other("ko_table_yymmdd_multi.md")

    assert len(catalog.entries) == 4
    dqn = catalog.entries[0]
    assert dqn.presentations[0].presented_on == date(2023, 12, 3)
    assert dqn.presentations[0].presenter == "정하늘"
    assert catalog.entries[2].title == "Continuous control with deep reinforcement learning"


def test_link_cell_with_prose_and_bare_urls_and_openreview_is_not_a_review():
    catalog = other("zh_mixed_links_cell.md")

    clip, blip, flamingo = catalog.entries
    assert clip.links[LinkKind.CODE] == "https://github.com/openai/CLIP"
    assert clip.arxiv_id == "2103.00020"
    assert blip.links[LinkKind.SUMMARY] == "https://zhuanlan.zhihu.com/p/999"
    assert LinkKind.REVIEW not in flamingo.links
    assert flamingo.links[LinkKind.PAPER].startswith("https://openreview.net/")


def test_one_paper_per_heading_with_short_name_and_links_under_it():
    catalog = other("en_heading_per_paper.md")

    assert catalog.format == "tree"
    assert [(e.short_name, e.title) for e in catalog.entries] == [
        (
            "BERT",
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        ),
        ("RoBERTa", "RoBERTa: A Robustly Optimized BERT Pretraining Approach"),
        ("T5", "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer"),
    ]
    bert = catalog.entries[0]
    assert bert.links[LinkKind.SUMMARY] == "notes/bert.md"
    assert bert.links[LinkKind.CODE] == "https://github.com/google-research/bert"
    assert bert.arxiv_id == "1810.04805"
    assert all(e.topic == () for e in catalog.entries)


def test_one_paper_per_block_of_lines():
    catalog = other("ko_block_per_paper.md")

    transformer, elmo, gpt = catalog.entries
    assert (transformer.short_name, transformer.title) == (
        "Transformer",
        "Attention Is All You Need",
    )
    assert (transformer.venue, transformer.year) == ("NeurIPS", 2017)
    assert transformer.authors[:2] == ["Ashish Vaswani", "Noam Shazeer"]
    assert transformer.links[LinkKind.SUMMARY] == "notes/01_transformer.md"
    assert transformer.links[LinkKind.CODE] == "https://github.com/tensorflow/tensor2tensor"
    assert elmo.short_name == "ELMo"
    assert LinkKind.SUMMARY not in gpt.links  # no notes: not reviewed
    assert LinkKind.PDF in gpt.links


def test_wrapped_titles_bare_urls_and_a_gist_review():
    catalog = other("en_wrapped_titles_bare_urls.md")

    titles = [e.title for e in catalog.entries]
    assert titles[0] == "Human-level control through deep reinforcement learning"
    assert (catalog.entries[0].venue, catalog.entries[0].year) == ("Nature", 2015)
    assert titles[2] == "Proximal Policy Optimization Algorithms"
    assert catalog.entries[2].arxiv_id == "1707.06347"
    sac = catalog.entries[3]
    assert sac.links[LinkKind.REVIEW] == "https://gist.github.com/rlstudy/abc123"


def test_html_list_items_are_entries_with_venues_and_a_relative_review():
    catalog = other("html_list.md")

    assert [(e.title, e.venue, e.year) for e in catalog.entries] == [
        ("Semi-Supervised Classification with Graph Convolutional Networks", "ICLR", 2017),
        ("Graph Attention Networks", "ICLR", 2018),
        ("Inductive Representation Learning on Large Graphs", "NeurIPS", 2017),
    ]
    assert catalog.entries[1].links[LinkKind.SUMMARY] == "reviews/gat.md"


def test_a_mapping_marks_lines_as_not_papers():
    catalog = other("zh_table_lunwen.md", mapping={"not_papers": [12]})

    assert [e.line for e in catalog.entries] == [9, 10, 11]
    assert any(s.line == 12 and s.reason == "marked as not a paper" for s in catalog.skipped)


def test_a_mapping_gives_a_column_its_role():
    catalog = other("zh_mixed_links_cell.md", mapping={"columns": {"简介": "ignore"}})

    assert catalog.entries[0].summary == ""
    assert catalog.entries[0].title.startswith("CLIP")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.03 2023", date(2023, 12, 3)),
        ("231203", date(2023, 12, 3)),
        ("3/15/21", date(2021, 3, 15)),
        ("2021-03", date(2021, 3, 1)),
        ("2023년 12월 3일", date(2023, 12, 3)),
        ("NeurIPS 2017", None),
        ("김민수", None),
    ],
)
def test_presentation_dates_in_the_shapes_groups_write(text, expected):
    assert parse_any_date(text) == expected


def test_month_heading_with_a_suffix_is_a_dated_collection_and_blog_posts_are_skipped():
    catalog = other("en_month_headings_suffix.md")

    assert catalog.format == "tree"
    assert [(e.title, e.year, e.collection, e.topic) for e in catalog.entries] == [
        ("Self-Attention Generative Adversarial Networks", 2019, "2019-05", ()),
        (
            "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks",
            2019,
            "2019-05",
            (),
        ),
        (
            "XLNet: Generalized Autoregressive Pretraining for Language Understanding",
            2019,
            "2019-06",
            (),
        ),
    ]
    assert [(c.key, c.month) for c in catalog.collections] == [
        ("2019-05", date(2019, 5, 1)),
        ("2019-06", date(2019, 6, 1)),
    ]
    assert {s.line: "My blog posts" in s.reason for s in catalog.skipped} == {14: True, 15: True}


def test_numbered_list_with_placeholders_and_short_names_beside_rules_and_team_lists():
    catalog = other("en_numbered_placeholders.md")

    assert [(e.short_name, e.title, e.year) for e in catalog.entries] == [
        ("", "Efficient Estimation of Word Representations in Vector Space", 2013),
        ("GloVe", "Global Vectors for Word Representation", None),
        ("", "Distributed Representations of Words and Phrases and their Compositionality", 2013),
        ("FastText", "Enriching Word Vectors with Subword Information", 2016),
    ]
    word2vec, glove, _, fasttext = catalog.entries
    assert (word2vec.authors, word2vec.authors_et_al, word2vec.links) == (["T. Mikolov"], True, {})
    assert any("placeholder" in note for note in word2vec.notes)
    assert glove.links == {LinkKind.PDF: "https://nlp.stanford.edu/pubs/glove.pdf"}
    assert fasttext.arxiv_id == "1607.04606"
    assert {e.topic for e in catalog.entries} == {("Word Embeddings",)}
    assert [s.line for s in catalog.skipped] == [5, 6, 7, 18, 19]


def test_bold_year_lines_and_venue_author_and_link_sub_bullets():
    catalog = other("ko_bold_year_sub_bullets.md")

    assert [(e.title, e.year, e.venue) for e in catalog.entries] == [
        ("You Only Look Once: Unified, Real-Time Object Detection", 2016, "CVPR"),
        ("SSD: Single Shot MultiBox Detector", 2016, "ECCV"),
        ("Feature Pyramid Networks for Object Detection", 2017, "CVPR"),
    ]
    yolo = catalog.entries[0]
    assert yolo.authors == ["Joseph Redmon", "Santosh Divvala", "Ross Girshick", "Ali Farhadi"]
    assert yolo.links[LinkKind.PAPER] == "https://arxiv.org/abs/1506.02640"
    assert yolo.links[LinkKind.SUMMARY] == "https://velog.io/@dlstudy/yolo-review"
    assert catalog.topics == [("Object Detection",)]


def test_bold_entries_among_plain_ones_are_the_reviewed_ones():
    catalog = other("ko_checkbox_bold_mix.md")

    assert [(e.title, e.venue, e.year, e.reviewed) for e in catalog.entries] == [
        ("Neural Collaborative Filtering", "WWW", 2017, True),
        ("Wide & Deep Learning for Recommender Systems", "", 2016, True),
        ("Deep Neural Networks for YouTube Recommendations", "RecSys", 2016, False),
        (
            "BERT4Rec: Sequential Recommendation with Bidirectional Encoder Representations "
            "from Transformer",
            "CIKM",
            2019,
            False,
        ),
    ]
    assert catalog.topics == []  # "읽은 논문" wraps the list


def test_korean_talk_table_then_a_to_read_checklist():
    catalog = other("ko_mixed_talks_and_queue.md")

    assert [(e.title, e.venue, e.year, e.reviewed) for e in catalog.entries] == [
        ("Denoising Diffusion Probabilistic Models", "NeurIPS", 2020, None),
        ("High-Resolution Image Synthesis with Latent Diffusion Models", "CVPR", 2022, None),
        ("Classifier-Free Diffusion Guidance", "", None, None),
        ("Scalable Diffusion Models with Transformers", "ICCV", 2023, False),
        ("Consistency Models", "ICML", 2023, False),
        (
            "Elucidating the Design Space of Diffusion-Based Generative Models",
            "NeurIPS",
            2022,
            True,
        ),
    ]
    ddpm, ldm, cfg = catalog.entries[:3]
    assert [(p.presented_on, p.presenter) for p in ddpm.presentations + ldm.presentations] == [
        (date(2024, 3, 10), "한지민"),
        (date(2024, 3, 24), "윤도현"),
    ]
    assert cfg.presentations == []  # "미정": not presented yet
    assert catalog.topics == []  # "발표 기록" and "읽을 논문" say a status, not a subject
    assert catalog.entries[5].links == {LinkKind.SUMMARY: "notes/edm.md"}
    assert [s.reason for s in catalog.skipped if s.line == 26] == [
        "in the section '블로그 글', not a paper list"
    ]


def test_the_groups_own_blog_is_a_review_and_someone_elses_article_is_only_a_link():
    catalog = other("ko_mixed_talks_and_queue.md")

    ddpm, ldm, cfg = catalog.entries[:3]
    assert ddpm.links[LinkKind.SUMMARY] == "https://velog.io/@dlpaper/ddpm"
    assert ddpm.not_reviews == [] and ldm.not_reviews == []  # @dlpaper writes for every talk
    assert cfg.links[LinkKind.SUMMARY] == "https://medium.com/@someone/cfg-explained-123"
    assert cfg.not_reviews == ["https://medium.com/@someone/cfg-explained-123"]


def test_chinese_html_table_with_authors_presenters_and_a_numbered_to_read_list():
    catalog = other("zh_html_table_and_queue.md")

    assert [(e.title, e.venue, e.year, e.authors, e.reviewed) for e in catalog.entries] == [
        (
            "LLaMA: Open and Efficient Foundation Language Models",
            "arXiv",
            2023,
            ["Hugo Touvron"],
            None,
        ),
        (
            "Training language models to follow instructions with human feedback",
            "NeurIPS",
            2022,
            ["Long Ouyang"],
            None,
        ),
        (
            "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
            "NeurIPS",
            2023,
            ["Rafael Rafailov"],
            None,
        ),
        ("Mixtral of Experts", "", 2024, ["A. Q. Jiang"], False),
        ("Mistral 7B", "", 2023, ["A. Q. Jiang"], False),
    ]
    llama, instruct, dpo, mixtral, mistral = catalog.entries
    assert [(p.presented_on, p.presenter) for p in llama.presentations] == [
        (date(2023, 9, 16), "陈晨")
    ]
    assert dpo.presentations[0].presenter == "陈晨"
    assert llama.links[LinkKind.SUMMARY] == "notes/llama.md" and llama.not_reviews == []
    assert instruct.not_reviews == ["https://zhuanlan.zhihu.com/p/11111"]  # "知乎文章", once
    assert mixtral.links == {LinkKind.PDF: "https://arxiv.org/pdf/2401.04088.pdf"}
    assert mistral.links == {} and any("placeholder" in n for n in mistral.notes)
    assert catalog.topics == []
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (20, "reads as prose, not a paper entry")
    ]


def test_a_table_in_another_language_is_read_from_its_content():
    catalog = other("de_table_content_roles.md", base_url="https://github.com/lk/ml/blob/main/")

    assert [(e.title, e.year, e.venue) for e in catalog.entries] == [
        (
            "Batch Normalization: Accelerating Deep Network Training by Reducing Internal "
            "Covariate Shift",
            2015,
            "ICML",
        ),
        ("Layer Normalization", 2016, "arXiv"),
        ("Dropout: A Simple Way to Prevent Neural Networks from Overfitting", 2014, "JMLR"),
    ]
    talks = [
        (p.presented_on, p.presenter, p.slides_url)
        for e in catalog.entries
        for p in e.presentations
    ]
    assert talks == [
        (
            date(2022, 10, 4),
            "Anna Schmidt",
            "https://github.com/lk/ml/blob/main/slides/2022-10-04-batchnorm.pdf",
        ),
        (date(2022, 10, 18), "Jonas Weber", ""),
        (
            date(2022, 11, 1),
            "Anna Schmidt",
            "https://github.com/lk/ml/blob/main/slides/2022-11-01-dropout.pdf",
        ),
    ]


def test_a_readme_whose_entries_are_no_papers_is_refused():
    text = (
        "# Awesome ML tools\n\n## Tools\n"
        "- [Weights and Biases dashboard](https://wandb.ai)\n"
        "- [Hugging Face model hub](https://huggingface.co/models)\n"
        "- [TensorBoard projector](https://projector.tensorflow.org)\n"
    )
    with pytest.raises(ImportFormatError, match="reads as a paper"):
        parse_readme(text)


def test_the_outline_shows_sections_and_the_role_of_each_column():
    from reviews.importers import prepare_lines, tree

    text = (READMES / "ko_mixed_talks_and_queue.md").read_text(encoding="utf-8")
    parts = [
        (s.line, s.heading, s.kind, s.excluded, s.entries)
        for s in tree.outline(prepare_lines(text))
    ]
    assert parts == [
        (1, "딥러닝 논문 스터디 (DL-Paper-Study)", "wrapper", False, 0),
        (5, "스터디 방식", "excluded", True, 0),
        (10, "발표 기록", "wrapper", False, 0),
        (13, "발표 기록", "table", False, 3),
        (18, "읽을 논문", "wrapper", False, 3),
        (24, "블로그 글", "excluded", True, 0),
    ]
    [table] = [s for s in tree.outline(prepare_lines(text)) if s.kind == "table"]
    assert table.columns == [
        ("회차", "index"),
        ("날짜", "date"),
        ("논문", "title"),
        ("발표자", "presenter"),
        ("정리", "links"),
    ]


def test_a_mapping_can_include_a_section_the_reader_took_for_something_else():
    text = (
        "## References\n- Attention Is All You Need (NeurIPS 2017)\n- BERT: Pre-training (2019)\n"
    )
    with pytest.raises(ImportFormatError):
        parse_readme(text)

    catalog = parse_readme(text, mapping={"include_sections": ["References"]})
    assert [e.title for e in catalog.entries] == ["Attention Is All You Need", "BERT: Pre-training"]


def test_a_mapping_can_exclude_a_section_and_give_a_column_a_role():
    mapping = {"exclude_sections": ["읽을 논문"], "columns": {"정리": "ignore"}}
    catalog = other("ko_mixed_talks_and_queue.md", mapping=mapping)

    assert len(catalog.entries) == 3
    assert all(LinkKind.SUMMARY not in e.links for e in catalog.entries)
    assert {s.line for s in catalog.skipped} >= {20, 21, 22}


def test_chinese_month_headings_and_full_width_venue_brackets():
    catalog = other("zh_month_lists_brackets.md")

    assert [(e.title, e.venue, e.year, e.collection) for e in catalog.entries] == [
        (
            "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation",
            "CVPR",
            2023,
            "2023-03",
        ),
        ("Segment Anything", "ICCV", 2023, "2023-03"),
        (
            "Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding",
            "NeurIPS",
            2022,
            "2023-04",
        ),
    ]
    dreambooth, sam, _ = catalog.entries
    assert dreambooth.links[LinkKind.CODE] == "https://github.com/google/dreambooth"
    assert sam.links[LinkKind.SUMMARY] == "notes/sam.md"
    assert [c.month for c in catalog.collections] == [date(2023, 3, 1), date(2023, 4, 1)]
    assert catalog.topics == []  # months are dates, "友情链接" is skipped
    assert [s.line for s in catalog.skipped] == [16]


def test_korean_week_table_with_short_dates_and_bracketed_short_names():
    catalog = other("ko_week_table_bold_nick.md")

    assert [(e.short_name, e.title) for e in catalog.entries] == [
        ("GPT-2", "Language Models are Unsupervised Multitask Learners"),
        ("T5", "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer"),
        ("InstructGPT", "Training language models to follow instructions with human feedback"),
    ]
    talks = [
        (p.presented_on, p.presenter, p.slides_url)
        for e in catalog.entries
        for p in e.presentations
    ]
    assert talks == [
        (date(2023, 1, 5), "홍길동", "slides/week1_gpt2.pdf"),
        (date(2023, 1, 12), "김철수", ""),
        (date(2023, 1, 19), "홍길동", ""),
    ]
    assert LinkKind.PDF in catalog.entries[0].links
    # a member's blog post the README labels "리뷰" is the group's review
    assert catalog.entries[2].links[LinkKind.SUMMARY] == "https://hong.tistory.com/12"
    assert catalog.entries[2].not_reviews == []


def test_status_emoji_and_talks_written_after_the_title():
    catalog = other("en_emoji_status_presenters.md")

    assert [(e.title, e.reviewed, e.status) for e in catalog.entries] == [
        ("Neural Ordinary Differential Equations", True, ""),
        ("Score-Based Generative Modeling through Stochastic Differential Equations", True, ""),
        ("Flow Matching for Generative Modeling", None, "scheduled"),
        ("Stochastic Interpolants: A Unifying Framework for Flows and Diffusions", None, ""),
    ]
    talks = [[(p.presented_on, p.presenter) for p in e.presentations] for e in catalog.entries]
    assert talks == [
        [(date(2023, 2, 1), "alice")],
        [(date(2023, 2, 15), "bob")],
        [(date(2023, 3, 1), "carol")],
        [],
    ]
    assert catalog.topics == []  # "Schedule" is no subject
    assert [s.line for s in catalog.skipped] == [14, 15]


def test_japanese_lists_inside_details_blocks_with_presenters_and_dates():
    catalog = other("ja_details_lists.md")

    assert [(e.title, e.venue, e.year) for e in catalog.entries] == [
        ("Attention Is All You Need", "NeurIPS", 2017),
        (
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "NAACL",
            2019,
        ),
        ("Language Models are Few-Shot Learners", "NeurIPS", 2020),
    ]
    talks = [
        (p.presented_on, p.presenter, p.slides_url)
        for e in catalog.entries
        for p in e.presentations
    ]
    assert talks == [
        (date(2021, 4, 9), "田中", ""),
        (date(2021, 4, 23), "山田", "https://speakerdeck.com/yamada/bert"),
        (date(2022, 5, 13), "田中", ""),
    ]
    assert [s.line for s in catalog.skipped] == [20, 21]  # the members list


POINTER = "a pointer to another list, not a paper"


def test_a_last_table_row_linking_to_an_older_list_is_skipped_not_imported():
    catalog = other("ko_table_pointer_row.md")

    assert [(e.title, e.year, e.venue) for e in catalog.entries] == [
        ("Attention Is All You Need", 2017, "NeurIPS"),
        ("LoRA: Low-Rank Adaptation of Large Language Models", None, ""),
        ("QLoRA: Efficient Finetuning of Quantized LLMs", None, ""),
    ]
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (7, "a note pointing elsewhere, not a paper")
    ]
    assert not any("OLD.md" in url for e in catalog.entries for url in e.links.values())
    talks = [(p.presented_on, p.presenter) for e in catalog.entries for p in e.presentations]
    assert talks == [
        (date(2024, 1, 6), "김민수"),
        (date(2024, 1, 20), "박서준"),  # one talk on two papers
        (date(2024, 1, 20), "박서준"),
    ]


def test_pointer_lines_in_four_languages_are_skipped_and_notes_links_are_not_pointers():
    catalog = other("mixed_pointer_lines.md")

    assert [(e.title, dict(e.links)) for e in catalog.entries] == [
        ("Attention Is All You Need", {LinkKind.PAPER: "https://arxiv.org/abs/1706.03762"}),
        ("ViT", {LinkKind.SUMMARY: "notes/vit.md"}),
        ("Transformer", {LinkKind.SUMMARY: "notes/transformer.md"}),
        ("Deep Residual Learning for Image Recognition", {LinkKind.SUMMARY: "./reviews/resnet.md"}),
    ]
    assert [entry_status(e) for e in catalog.entries] == ["to_read"] + ["reviewed"] * 3
    assert [(s.line, s.reason) for s in catalog.skipped] == [(n, POINTER) for n in range(9, 16)]


def test_korean_checkboxes_with_presenter_and_date_sub_bullets_give_talks():
    catalog = other("ko_checkbox_nested.md")

    assert [(e.title, e.year, e.venue, e.topic) for e in catalog.entries] == [
        ("Attention Is All You Need", 2017, "", ("진행 현황",)),
        (
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            2019,
            "NAACL",
            ("진행 현황",),
        ),
        ("Denoising Diffusion Probabilistic Models", 2020, "", ("진행 현황",)),
        ("Flamingo: a Visual Language Model for Few-Shot Learning", None, "", ("진행 현황",)),
    ]
    talks = [
        [(p.presented_on, p.presenter, p.slides_url) for p in e.presentations]
        for e in catalog.entries
    ]
    assert talks == [
        [(date(2024, 3, 2), "김민수", "./slides/attention.pdf")],
        [(date(2024, 3, 9), "이서연", "")],
        [(date(2024, 3, 16), "박지훈", "")],
        [],
    ]
    assert [e.summary for e in catalog.entries] == ["", "", "", ""]  # no "발표자: ..." summary
    # ticked = reviewed; unticked with a talk set = coming up; unticked alone = to read
    assert [entry_status(e) for e in catalog.entries] == [
        "reviewed",
        "reviewed",
        "scheduled",
        "to_read",
    ]
    assert catalog.entries[1].links == {LinkKind.SUMMARY: "https://velog.io/@seoyeon/bert-review"}
    assert catalog.entries[1].not_reviews == []  # labelled 리뷰: the presenter's own review
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (22, "in the section '참고', not a paper list"),
        (23, "in the section '참고', not a paper list"),
    ]


def test_chinese_table_with_number_authors_venue_year_and_notes_columns():
    catalog = other("zh_table_xuhao_biji.md")

    assert [(e.title, e.year, e.venue, e.authors, e.authors_et_al) for e in catalog.entries] == [
        ("Deep Residual Learning for Image Recognition", 2016, "CVPR", ["Kaiming He"], True),
        (
            "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
            2021,
            "ICLR",
            ["Alexey Dosovitskiy"],
            True,
        ),
        ("Segment Anything", 2023, "ICCV", ["Alexander Kirillov"], True),
    ]
    resnet, vit, sam = catalog.entries
    assert resnet.links == {
        LinkKind.PAPER: "https://arxiv.org/abs/1512.03385",
        LinkKind.SUMMARY: "notes/resnet.md",
    }
    assert vit.not_reviews == ["https://zhuanlan.zhihu.com/p/12345"]  # someone else's article
    assert [entry_status(e) for e in catalog.entries] == ["reviewed", "to_read", "to_read"]
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (8, "a note pointing elsewhere, not a paper")
    ]


def test_english_papers_inside_details_blocks_with_notes_and_slides():
    catalog = other("en_details_weeks.md")

    assert [(e.title, e.year, e.venue) for e in catalog.entries] == [
        ("Sequence to Sequence Learning with Neural Networks", 2014, "NeurIPS"),
        ("Neural Machine Translation by Jointly Learning to Align and Translate", 2015, "ICLR"),
        ("Deep contextualized word representations", 2018, "NAACL"),
        ("Universal Language Model Fine-tuning for Text Classification", 2018, ""),
    ]
    seq2seq, nmt, elmo, ulmfit = catalog.entries
    assert seq2seq.links[LinkKind.SUMMARY] == "notes/seq2seq.md"
    assert elmo.links == {
        LinkKind.PAPER: "https://aclanthology.org/N18-1202/",
        LinkKind.SLIDES: "slides/week3-elmo.pdf",
    }
    assert ulmfit.arxiv_id == "1801.06146"
    assert [entry_status(e) for e in catalog.entries] == [
        "reviewed",
        "to_read",
        "reviewed",
        "to_read",
    ]
    assert catalog.topics == [] and catalog.skipped == []


def test_bold_titles_with_bare_arxiv_ids_one_per_line():
    catalog = other("en_bold_arxiv_ids.md")

    rows = [(e.title, e.arxiv_id, e.year, e.venue, e.topic) for e in catalog.entries]
    adapters, quantization = ("Adapters and low-rank methods",), ("Quantization",)
    assert rows == [
        ("LoRA: Low-Rank Adaptation of Large Language Models", "2106.09685", 2021, "", adapters),
        ("Parameter-Efficient Transfer Learning for NLP", "1902.00751", 2019, "ICML", adapters),
        (
            "Prefix-Tuning: Optimizing Continuous Prompts for Generation",
            "2101.00190",
            2021,
            "",
            adapters,
        ),
        ("QLoRA: Efficient Finetuning of Quantized LLMs", "2305.14314", 2023, "", quantization),
        (
            "LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale",
            "2208.07339",
            2022,
            "NeurIPS",
            quantization,
        ),
    ]
    assert catalog.entries[0].links == {LinkKind.PAPER: "https://arxiv.org/abs/2106.09685"}
    assert catalog.entries[2].links[LinkKind.SUMMARY] == "reviews/prefix-tuning.md"
    assert [entry_status(e) for e in catalog.entries] == [
        "to_read",
        "to_read",
        "reviewed",
        "to_read",
        "to_read",
    ]


def test_title_cell_with_paper_and_code_links_after_the_title():
    catalog = other("en_table_paper_code_brackets.md")

    assert [(e.title, e.year, e.venue) for e in catalog.entries] == [
        ("Denoising Diffusion Probabilistic Models", 2020, "NeurIPS"),
        ("High-Resolution Image Synthesis with Latent Diffusion Models", 2022, "CVPR"),
        ("Classifier-Free Diffusion Guidance", 2022, ""),  # the year of its arXiv id
    ]
    assert catalog.entries[1].links == {
        LinkKind.PAPER: "https://arxiv.org/abs/2112.10752",
        LinkKind.CODE: "https://github.com/CompVis/latent-diffusion",
        LinkKind.SUMMARY: "notes/ldm.md",
    }
    talks = [(p.presented_on, p.presenter) for e in catalog.entries for p in e.presentations]
    assert talks == [
        (date(2023, 9, 5), "Alice"),
        (date(2023, 9, 12), "Bob"),
        (date(2023, 9, 19), "Carol"),
    ]
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (8, "a note pointing elsewhere, not a paper")
    ]


def test_a_year_period_heading_is_no_topic_and_a_talk_date_is_no_publication_year():
    catalog = other("ja_numbered_pointer.md")

    assert [(e.title, e.year, e.venue, e.topic) for e in catalog.entries] == [
        ("Attention Is All You Need", 2017, "NeurIPS", ()),
        ("Vision Transformer", 2020, "", ()),  # not 2023 from the talk on 2023-05-12
    ]
    attention, vit = catalog.entries
    assert attention.links[LinkKind.SLIDES] == "https://speakerdeck.com/tanaka/attention"
    assert [(p.presented_on, p.presenter) for p in vit.presentations] == [
        (date(2023, 5, 12), "佐藤")
    ]
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (7, POINTER),
        (11, "in the section 'メンバー', not a paper list"),
        (12, "in the section 'メンバー', not a paper list"),
    ]


def test_week_labels_before_titles_and_past_term_links_are_no_papers():
    catalog = other("zh_weeks_and_past_lists.md")

    assert [(e.title, e.year, e.venue, e.topic) for e in catalog.entries] == [
        (
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            2018,
            "",
            (),
        ),
        ("RoBERTa: A Robustly Optimized BERT Pretraining Approach", 2019, "", ()),
        ("ELECTRA", 2020, "ICLR", ()),  # "第3周：" is the meeting, not the title
        ("Language Models are Few-Shot Learners", 2020, "", ()),  # 往期 is no topic
    ]
    talks = [[(p.presented_on, p.presenter) for p in e.presentations] for e in catalog.entries]
    assert talks == [[(None, "张伟")], [(None, "李娜")], [], [(date(2023, 3, 1), "王芳")]]
    assert catalog.entries[2].links == {
        LinkKind.PAPER: "https://openreview.net/forum?id=r1xMH1BtvB"
    }
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (11, POINTER),
        (12, POINTER),
        (17, "a note pointing elsewhere, not a paper"),
    ]


def test_a_name_and_date_after_a_bold_title_are_its_talk_and_upcoming_is_scheduled():
    catalog = other("ko_numbered_name_date.md")

    assert [e.title for e in catalog.entries] == [
        "Attention Is All You Need",
        "Deep Residual Learning for Image Recognition",
        "Denoising Diffusion Probabilistic Models",
        "Segment Anything",
    ]
    talks = [[(p.presented_on, p.presenter) for p in e.presentations] for e in catalog.entries]
    assert talks == [[(date(2024, 3, 2), "김민수")], [(date(2024, 3, 9), "이서연")], [], []]
    ddpm = catalog.entries[2]
    assert (ddpm.year, ddpm.authors, ddpm.authors_et_al) == (2020, ["Ho"], True)
    assert catalog.entries[1].links == {LinkKind.SUMMARY: "https://hackmd.io/@group/resnet"}
    assert [entry_status(e) for e in catalog.entries] == [
        "reviewed",
        "reviewed",
        "scheduled",  # "발표 예정": no presenter called 예정
        "to_read",
    ]
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (10, "a note pointing elsewhere, not a paper")
    ]


def test_short_names_linked_to_the_groups_notes_folder_are_papers_not_pointers():
    catalog = other("en_short_names_notes_folder.md")

    rows = [(e.title, e.short_name, e.year, e.topic) for e in catalog.entries]
    optimizers = ("Optimizers",)
    assert rows == [
        ("Adam", "", None, optimizers),
        ("Index Coding with Side Information", "", None, optimizers),
        ("History Matters", "", None, optimizers),  # notes/history.md is a note, not a list
        ("Decoupled Weight Decay Regularization", "AdamW", 2017, optimizers),
        ("Lion", "", None, optimizers),
        ("Transformer", "", None, optimizers),
    ]
    adamw = catalog.entries[3]
    assert adamw.links == {
        LinkKind.SUMMARY: "notes/adamw.md",
        LinkKind.PAPER: "https://arxiv.org/abs/1711.05101",
    }
    # notes in the group's folder are its reviews; a code repository is not
    assert [entry_status(e) for e in catalog.entries] == ["reviewed"] * 4 + ["to_read", "reviewed"]
    assert [(p.presented_on, p.presenter) for p in catalog.entries[5].presentations] == [
        (None, "김민수")
    ]
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (14, "a note pointing elsewhere, not a paper")
    ]


def test_pointers_named_like_lists_or_said_in_a_sentence_are_skipped():
    catalog = other("ko_list_pointer_shapes.md")

    assert [(e.title, e.year, e.venue) for e in catalog.entries] == [
        ("Attention Is All You Need", 2017, "NeurIPS"),
        ("Deep Residual Learning for Image Recognition", 2016, "CVPR"),
    ]
    # a long Korean title linked to 2022-2.md, a "Reading List" repository, a Notion page
    # named in a sentence: pointers all
    assert [(s.line, s.reason) for s in catalog.skipped] == [
        (5, POINTER),
        (6, POINTER),
        (7, POINTER),
    ]
