"""Real pages this project did not write (tests/fixtures/real_*): the corpus's shape, and floors that catch regressions.

Floors are the first score measured on each folder before any extractor change on it (see each folder's README),
minus a small margin — not targets. Raise them when the extractor improves; never lower them to make a change pass.
Same scoring code as bench/extraction_eval.py.
"""

import re
from pathlib import Path

import pytest

from crawler.extract.evaluation import breakdown, load_pages, predict, run_ours

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FOLDERS = ("real_readability", "real_misc", "real_news", "real_final", "real_world2", "real_world3", "real_world4",
           "real_world5", "real_world6", "real_world7", "real_world8", "real_world9", "real_world10",
           "real_world11", "real_world12", "real_world13", "real_world14",
           "real_world15", "real_world16", "real_world17", "real_world18", "real_world19", "real_world20",
           "real_world21", "real_world22", "real_world23", "real_world24", "real_world25", "real_world26", "real_world27",
           "real_world28", "real_world29", "real_world30",
           "real_world31", "real_world32", "real_world33",
           "real_world34", "real_world36", "real_world37", "real_world38", "real_world39", "real_world40",
           "real_world41", "real_world42", "real_world43", "real_world44", "real_world45", "real_world46",
           "real_world47", "real_world48", "real_world49", "real_world50", "real_world51",
           "real_world52", "real_world53", "real_world54", "real_world55", "real_world56",
           "real_world57", "real_world58", "real_world59", "real_world60", "real_world61", "real_world63", "real_world64", "real_world65", "real_world66",
           "real_world67", "real_world68", "real_world69", "real_world70", "real_world71", "real_world72",
           "real_world73", "real_world74", "real_world75", "real_world76", "real_world77",
           "real_world78", "real_world79", "real_world80", "real_world81", "real_world82",
           "real_world83", "real_world84", "real_world85", "real_world86", "real_world87",
           "real_world88", "real_world89", "real_world90", "real_world91", "real_world92",
           "real_world93", "real_world94", "real_world95", "real_world96",
           "real_world97", "real_world98", "real_world99", "real_world100", "real_world101",
           "real_world102", "real_world104", "real_world105", "real_world106", "real_world107", "real_world108", "real_world109", "real_world110",
           "real_world111", "real_world112", "real_world113", "real_world114",
           "real_world115", "real_world116", "real_world117",
           "real_korean", "real_korean2", "real_korean3", "real_korean4", "real_korean5", "real_korean6",
           "real_korean7")
PAGES = [page for folder in FOLDERS for page in load_pages(FIXTURES / folder)]

# folder: (pages, body F1, title, authors, pages with F1 < 0.5) as first measured, raised where the second issue-11
# session (second opinion, branch exq) improved them
FIRST_SCORE = {
    "real_readability": (60, 0.984, 0.800, 0.783, 0),  # first 0.930, 6 pages < 0.5
    "real_misc": (29, 0.966, 0.793, 0.759, 0),  # first 0.939
    "real_news": (15, 0.986, 0.933, 0.867, 0),
    "real_final": (25, 0.982, 0.840, 0.640, 0),  # first 0.959, 1 page < 0.5
    # its three batches as first scored: 0.965 (see its README); raised after the fourth issue-11 session (0.985)
    "real_world2": (65, 0.984, 0.938, 0.569, 0),
    # first score 0.950 with 2 pages < 0.5, before any change made with it in view (its README); raised after the
    # standfirst rule, the relabel by the cross-folder rules, and the joiner / paywall fixes
    "real_world3": (43, 0.986, 0.953, 0.837, 0),  # fourth session: data boxes, wire bylines (0.987, authors 0.84)
    # first score 0.952 (title 0.915, authors 0.660) with 1 page < 0.5 on its first 47 pages before any change made
    # with them in view (its README); raised after the fixes of that session; 8 more pages labelled after them
    "real_world4": (55, 0.995, 0.945, 0.855, 0),
    # first score 0.971 (title 0.824, authors 0.706) with 1 page < 0.5 before any change made with it in view (its
    # README); raised after the fixes of that session
    "real_world5": (51, 0.989, 0.941, 0.784, 0),
    # first score 0.981 (title 1.000, day 0.333, authors 0.667; trafilatura 0.957); the day raised after the fixes
    "real_world28": (3, 0.981, 1.000, 0.667, 0),
    # first score 0.949 (title 1.000, authors 0.500) on its 2 pages before any change made with them in view (its README);
    # raised after the batch-8 session's fixes
    "real_world6": (2, 1.000, 1.000, 1.000, 0),
    # first score 0.989 (title 1.000, authors 0.828) on its 29 pages before any change made with them in view (its README);
    # raised after that session's fixes
    "real_world7": (29, 0.997, 1.000, 0.862, 0),
    # first score 0.958 (title 0.929, authors 0.714) on its 28 pages before any change made with them in view (its
    # README), one page < 0.5: radiomaryja_pl, a UTF-8 page with one broken byte read as another charset
    "real_world8": (28, 0.958, 0.929, 0.714, 1),
    # first score 0.975 (title 0.920, authors 0.640) on its 25 pages before any change made with them in view (its
    # README); raised after that session's fixes
    "real_world9": (25, 0.986, 0.920, 0.880, 0),
    # first score 0.983 (title 0.957, authors 0.739) on its 23 pages before any change made with them in view (its
    # README); raised after that session's fixes
    "real_world10": (23, 0.985, 0.957, 0.826, 0),  # 0.983 until elpais_com_uy's `-title-paragraph` block
    # first scores before any change made with them in view (their READMEs): real_world11 0.989 (authors 0.926),
    # real_world12 0.975 (title 0.826, authors 0.696), real_world13 0.989 (authors 0.700), real_world14 0.951 (authors
    # 0.857, one page < 0.5: thefrisky_com, a comment thread outscoring the story); raised after that session's fixes
    "real_world11": (27, 0.990, 1.000, 1.000, 0),
    "real_world12": (23, 0.990, 0.913, 0.957, 0),  # 0.983 until golem_de's ad-slot script stopped joining its forum
    "real_world13": (20, 0.989, 0.950, 0.850, 0),
    "real_world14": (21, 0.983, 1.000, 0.952, 0),
    # first score 0.968 (title 0.882, authors 0.647), before any change made with it in view; raised after the fixes
    "real_world15": (17, 0.979, 0.882, 0.824, 0),
    # first score 0.990 (title 0.957, authors 0.739), before any change made with it in view; raised after the fixes
    "real_world16": (23, 0.990, 0.957, 0.957, 0),
    # first score 0.943 (title 0.812, authors 0.875, one page < 0.5: city_journal_org, returned empty), before any
    # change made with it in view; raised after the fixes
    "real_world17": (16, 0.988, 0.938, 0.938, 0),
    # first score 0.964 (title 0.824, authors 0.765; trafilatura 0.964 too), before any change made with it in view;
    # raised after the fixes
    "real_world18": (17, 0.981, 0.824, 0.882, 0),
    # first score 0.972 (title 0.846, authors 0.615), before any change made with it in view; raised after the fixes
    "real_world19": (13, 0.972, 0.846, 0.769, 0),
    # first score 0.934 (title 0.824, authors 0.529, two pages < 0.5: critic_de, its 77 reader comments joined to the
    # review, and emderzeitung_de, UTF-8 read as CP949), before any change made with it in view; raised after the fixes
    "real_world20": (17, 0.994, 0.941, 0.765, 0),
    # first score 1.000 (title 0.857, authors 0.571; trafilatura 0.976), before any change made with it in view;
    # raised after the fixes
    "real_world21": (7, 1.000, 1.000, 0.714, 0),
    # first score 0.977 (title 0.800, day 0.600, authors 0.800; trafilatura 0.898), before any change made with it in
    # view; raised after the fixes
    "real_world22": (15, 0.990, 0.933, 0.867, 0),
    # first score 0.989 (title 0.818, day 0.636, authors 0.727; trafilatura 0.977, day 0.818), before any change made
    # with it in view; raised after the fixes
    "real_world23": (11, 0.993, 0.818, 0.818, 0),
    # first score 0.991 (title 1.000, day 0.917, authors 0.833; trafilatura 0.977), before any change made with it in
    # view; raised after the fixes
    "real_world24": (12, 0.994, 1.000, 0.917, 0),
    # first score 0.994 (title 0.941, day 0.941, authors 0.941; trafilatura 0.961), no change made with it in view yet
    "real_world25": (17, 0.994, 0.941, 0.941, 0),
    # first scores, no change made with them in view: real_world26 (ro, lt) 0.963 (trafilatura 0.820, 2 pages < 0.5),
    # real_world27 (he, tl, ar, bn, gu) 0.985 (trafilatura 0.900)
    "real_world26": (7, 0.987, 1.000, 0.857, 0),  # raised after the `</br>` and `div.short` fixes
    "real_world27": (6, 0.985, 0.833, 0.500, 0),
    # first score 0.981 (title 1.000, day 0.333, authors 0.667; trafilatura 0.957); the day raised after the fixes
    "real_world28": (3, 0.981, 1.000, 0.667, 0),
    # first score 0.949 (title 1.000, authors 0.643, 1 page < 0.5: eldiario_es 0.022; trafilatura 0.955), raised after
    # the fixes it showed (the headline's summary block, stamp and wire lines, author-page links)
    "real_world29": (14, 0.989, 1.000, 0.714, 0),
    # first score 0.976 (title 0.846, authors 0.538; trafilatura 0.880, 2 pages < 0.5), raised after the byline fixes
    "real_world30": (13, 0.976, 0.923, 0.769, 0),
    # first score 0.954 (title 0.917, authors 0.917; trafilatura 0.938, transfermarkt_de 0.755 vs 0.973), raised after
    # the forum-row and junk-wrapper fixes
    "real_world31": (12, 0.977, 0.917, 0.917, 0),
    # first score 0.976 (title 1.000, authors 0.800; trafilatura 0.925), no change made with it in view yet
    "real_world32": (10, 0.976, 1.000, 0.800, 0),
    # first score 0.977 (title 0.846, authors 0.923; trafilatura 0.950), raised after the story-`<h1>` and byline fixes
    "real_world33": (13, 0.977, 0.923, 1.000, 0),
    # first score 0.933 (title 1.000, authors 0.444; trafilatura 0.916), raised after the quote-holder and credit fixes
    "real_world34": (9, 0.950, 1.000, 0.444, 0),
    # first score 0.977 (title 0.875, authors 0.625; trafilatura 0.923), raised after the Yahoo title, Mainichi
    # sign-off and data-table fixes
    "real_world36": (8, 0.982, 1.000, 0.750, 0),
    # first score 0.986 (title 1.000, authors 0.857; trafilatura 0.983), raised after the byline and paywall fixes
    "real_world37": (14, 0.992, 1.000, 1.000, 0),
    # first score 0.998 (title 1.000, authors 0.733; trafilatura 0.983), raised after the job-title byline fixes
    "real_world38": (15, 0.998, 1.000, 1.000, 0),
    # first score 0.994 (title 1.000, authors 1.000; trafilatura 0.964), no change made with it in view yet
    "real_world39": (14, 0.994, 1.000, 1.000, 0),
    # first score 0.962 (title 0.846, authors 0.615; trafilatura 0.956, nl 0.969 vs 0.989), raised after the
    # affiliate-box, notice-line and byline fixes
    "real_world40": (13, 0.984, 0.846, 0.769, 0),
    # first score 0.956 (title 0.500, authors 0.667; trafilatura 0.872), raised after the RDFa and consent fixes
    "real_world41": (6, 0.992, 0.500, 1.000, 0),
    # first score 0.974 (title 1.000, authors 0.875; trafilatura 0.949), no change made with it in view yet
    "real_world42": (8, 0.974, 1.000, 0.875, 0),
    # first score 0.926 (one page < 0.5: the extractor raised on usatoday_com; trafilatura 0.964), raised after the
    # placeholder-date and byline fixes
    "real_world43": (11, 0.977, 1.000, 0.909, 0),
    # first score 0.912 (title 0.917, authors 0.667, 1 page < 0.5; trafilatura 0.831, zh 0.779 vs 0.620), raised after
    # the Taiwanese box, credit and markup-title fixes
    "real_world44": (12, 0.991, 1.000, 1.000, 0),
    # first score 0.906 (2 pages lost whole: a news ribbon and reader comments won; trafilatura 0.775), raised after the
    # teaser-list and Polish comment fixes
    "real_world45": (14, 0.985, 1.000, 0.929, 0),
    # first score 0.984 (title 0.846, authors 0.769; trafilatura 0.909), raised after the title and byline fixes
    "real_world46": (13, 0.986, 0.923, 0.846, 0),
    # first score 0.983 (title 0.923, authors 0.846; trafilatura 0.944), raised after the copyright, sponsor-box,
    # weekday and control-character fixes
    "real_world47": (13, 0.996, 1.000, 0.846, 0),
    # first score 0.976 (day 0.692: one page dated 2027; trafilatura 0.874), raised after the stamp, signature and
    # Russian furniture fixes
    "real_world48": (13, 0.992, 1.000, 0.769, 0),
    # first scores, no change made with them in view: real_world49 0.974 (authors 0.538; trafilatura 0.857),
    # real_world50 0.987 (2020-24 pages in 7 languages; trafilatura 0.878, hi lost 0.941 vs 0.970)
    # raised after the Founder-CMS comment and site-line fixes
    "real_world49": (13, 0.980, 1.000, 0.538, 0),
    "real_world50": (10, 0.993, 1.000, 0.700, 0),
    # first score 0.948 (onedio_com, a list article, 0.571 vs trafilatura's 0.752; trafilatura 0.934), raised after the
    # title and credit-line fixes; onedio_com still lost
    "real_world51": (11, 0.962, 1.000, 0.909, 0),
    # first score 0.985 (title 0.833, authors 0.500; trafilatura 0.880, en a tie), raised after the byline fixes
    "real_world52": (12, 0.985, 0.833, 0.667, 0),
    # first score 0.996 (title 1.000, authors 0.875; trafilatura 0.932), no change made with it in view but page zones
    "real_world53": (8, 0.996, 1.000, 1.000, 0),  # authors raised after the wire-then-place fix
    # first scores: real_world54 0.980 (hr and zh ties; trafilatura 0.965), raised after the reading-time and stamp
    # lines; real_world55 1.000 (one Armenian page; trafilatura 0.062)
    "real_world54": (8, 0.981, 1.000, 0.625, 0),
    "real_world55": (1, 1.000, 1.000, 1.000, 0),
    # first score 0.994 (trafilatura 0.987), no change made with it in view
    "real_world56": (6, 0.994, 1.000, 0.833, 0),
    # first score 0.907 (portal_nifty_com lost to a list of the site's latest stories; trafilatura 0.872), raised after
    # the linked-list fix
    "real_world57": (6, 0.987, 1.000, 0.833, 0),
    # first score 0.974 (Slovene, new; date 0.333, authors 0.333; trafilatura 0.933), raised after the Slovene stamp,
    # author-label and read-also fixes
    "real_world58": (6, 0.984, 1.000, 1.000, 0),
    # first score 0.994 (authors 0.750; trafilatura 0.841), authors raised after the organisation-author fix
    "real_world59": (4, 0.994, 1.000, 1.000, 0),
    # first score 0.998 (trafilatura 0.957), no change made with it in view
    "real_world60": (1, 0.998, 1.000, 1.000, 0),
    # first score 1.000 (authors 0.333 vs trafilatura's 1.000; trafilatura 0.918), authors raised after the Brahmic-name
    # and `<author>` fixes
    "real_world61": (3, 1.000, 1.000, 1.000, 0),
    # first score 0.984 (trafilatura 0.976), no change made with it in view
    "real_world63": (3, 0.984, 1.000, 1.000, 0),
    # first score 0.989 (title 0.889, authors 0.556; trafilatura 0.911), raised after the byline, title and
    # related-list fixes
    "real_world64": (9, 0.993, 1.000, 0.889, 0),
    # first score 0.995 (title 0.583: five 2008 templates without metadata titles; trafilatura 0.915), title raised
    # after the story-named-element and `<title>`-segment fixes
    "real_world65": (12, 0.995, 1.000, 0.833, 0),
    # first score 0.997 (title 0.700, day 0.600, authors 0.600; trafilatura 0.883), raised after the headline-cell,
    # site-prefix, North American stamp and `By:` wire fixes
    "real_world66": (10, 0.997, 0.900, 0.700, 0),
    # first score 0.994 (title 0.750, day 0.500 vs trafilatura's 0.583, authors 0.583; trafilatura 0.951), raised after
    # the shown-title, ordinal-day, header-day and weekday-name fixes
    "real_world67": (12, 0.994, 0.833, 0.750, 0),
    # first score 0.833, LOST (correctiv_org 0.006: an infinite-scroll capture's later story; trafilatura 0.979), raised
    # after the stack-story, Störer, teaser-card and hard-wrap fixes
    "real_world68": (4, 0.994, 1.000, 0.750, 0),
    # first score 0.990 (title 0.833, day 0.333 vs trafilatura's 0.500, authors 0.583; trafilatura 0.904), raised after
    # the site-link and web-firm author fixes
    "real_world69": (12, 0.990, 0.833, 0.750, 0),
    # first score 0.995 (title 0.583, day 0.583 vs trafilatura's 0.750, authors 0.500; trafilatura 0.946), raised after
    # the no-<title> headline, `<h4>` title-end, by-word variant and wire-credit fixes
    "real_world70": (12, 0.995, 0.833, 0.833, 0),
    # first score 0.968 (pr_inside_com lost 0.825 vs 0.988; title 0.667, day 0.667 vs trafilatura's 0.833, authors 0.583;
    # trafilatura 0.910), raised after the floated-ad sentence, contact-line, title-section and paper-tail fixes
    "real_world71": (12, 0.982, 0.833, 0.667, 0),
    # first scores: real_world72 0.965 (titles lost 0.500 vs trafilatura's 0.625; trafilatura 0.825), raised after the
    # `--` separator and wire-notice fixes; real_world73 0.965, LOST (trafilatura 0.986: its lead kept as a standfirst),
    # no change made with it in view
    "real_world72": (8, 0.992, 0.625, 0.875, 0),
    "real_world73": (1, 0.965, 1.000, 1.000, 0),
    # first score 0.999 (en, lt, sk — new to the corpus —, nl; trafilatura 0.907), no change made with it in view
    "real_world74": (4, 0.999, 1.000, 1.000, 0),
    # first scores: real_world75 1.000 (one Albanian page; trafilatura 0.757), no change made with it in view;
    # real_world76 0.942 (one Chinese WeChat-style page; trafilatura 0.910), raised after the Chinese furniture and
    # repeated-deck fixes; real_world77 0.937 (techpowerup lost 0.773 vs 0.847: a spec table the label leaves out;
    # authors 0.500; trafilatura 0.918), authors raised after the `<address>`, category-link and icon fixes
    "real_world75": (1, 1.000, 1.000, 1.000, 0),
    "real_world76": (1, 1.000, 1.000, 1.000, 0),
    "real_world77": (4, 0.938, 1.000, 1.000, 0),
    # first scores: real_world78 0.978 (ten Dragnet pages of 2012; authors 0.600; trafilatura 0.955), authors raised
    # after the by-line outlet, job-after-dash, bullet and closing-name fixes; real_world79 0.948 (courrierinternational
    # lost 0.717 vs 0.763; trafilatura 0.934), no change made with it in view
    "real_world78": (10, 0.979, 1.000, 1.000, 0),
    "real_world79": (5, 0.948, 0.800, 1.000, 0),
    # first scores: real_world80 0.976 (the two English pages lost by < 0.01; trafilatura 0.965), raised after the
    # credit, date and disclosure lines; real_world81 0.908, LOST (arlnow_com 0.039: a sidebar box under the page's
    # only `<h1>` taken for the story; trafilatura 0.954), raised after the whole-title `<h2>` and site-name fixes
    "real_world80": (6, 0.989, 0.667, 0.833, 0),
    "real_world81": (7, 0.986, 1.000, 1.000, 0),
    # first score 0.965, LOST (gigazine_net 0.929, closermag_fr 0.964; trafilatura 0.991), raised after the Japanese
    # subhead and stamp-line and in-text-link fixes
    "real_world82": (3, 0.988, 1.000, 0.667, 0),
    # first scores: real_world83 0.969 (es; title lost 0.667 vs 1.000; trafilatura 0.867), title raised after the
    # headline-long metadata title fix; real_world84 1.000 (trafilatura 0.978) and real_world85 0.984 (nine languages,
    # ms new; day lost 0.889 vs 1.000; trafilatura 0.873), no change made with them in view
    "real_world83": (3, 0.969, 1.000, 0.667, 0),
    "real_world84": (2, 1.000, 1.000, 1.000, 0),
    "real_world85": (9, 0.984, 1.000, 0.889, 0),  # day raised to 1.000 after the `created`-classed stamp fix
    # first score 0.992 (it, el, nl, ro; trafilatura 0.947), no change made with it in view
    "real_world86": (5, 0.992, 1.000, 1.000, 0),
    # first score 0.968 (th new, uk lost 0.941 vs 0.961; trafilatura 0.964), raised after the follow-us plug lines
    "real_world87": (4, 0.977, 1.000, 1.000, 0),
    # first score 0.919, LOST (metrobali_com empty, 0.000 vs 0.973; id 0.800 vs 0.990; trafilatura 0.970)
    "real_world88": (7, 0.919, 1.000, 0.571, 1),
    # first score 0.989 (vi ×8; title 1.000, authors 0.875; trafilatura 0.947), no change made with it in view
    "real_world89": (8, 0.989, 1.000, 0.875, 0),
    # first score 0.986 (en ×9, 2020 browser snapshots; title 1.000, authors 0.889, day lost 0.889 vs 1.000;
    # trafilatura 0.911), no change made with it in view
    "real_world90": (9, 0.986, 1.000, 0.889, 0),
    # first score 0.963 (de, es, fr: trafilatura's own evaluation pages; title 0.833, authors 0.667; trafilatura 0.960),
    # no change made with it in view
    "real_world91": (6, 0.963, 0.833, 0.667, 0),
    # first scores: real_world92 0.989 (en ×10, trafilatura's evaluation pages; title 0.900; trafilatura 0.950) and
    # real_world93 0.964 (es ×5, fr; fr lost 0.904 vs 0.963; trafilatura 0.963), no change made with them in view
    "real_world92": (10, 0.989, 0.900, 1.000, 0),
    "real_world93": (6, 0.964, 0.833, 0.500, 0),
    # first score 0.970 (de ×10, trafilatura's evaluation pages; day lost 0.900 vs 1.000; trafilatura 0.951), no change
    # made with it in view
    "real_world94": (10, 0.970, 1.000, 0.900, 0),
    # first score 0.982 (de ×10, trafilatura's evaluation pages; authors 0.600, a tie; trafilatura 0.978), no change
    # made with it in view
    "real_world95": (10, 0.982, 1.000, 0.600, 0),
    # first score 0.959 (en ×9; title 1.000, authors 0.778; trafilatura 0.939), no change made with it in view
    "real_world96": (9, 0.959, 1.000, 0.778, 0),
    # first score 0.983 (de ×8, es, fr; authors 1.000; trafilatura 0.920), no change made with it in view
    "real_world97": (10, 0.983, 1.000, 1.000, 0),
    # first score 1.000 (en ×2, 2005 and 2007; trafilatura 0.941), no change made with it in view
    "real_world98": (2, 1.000, 1.000, 1.000, 0),
    # first score 0.987 (zh ×8, ja; authors 0.556; trafilatura 0.933), no change made with it in view
    "real_world99": (9, 0.987, 1.000, 0.556, 0),
    # first scores: real_world100 0.950 (zh ×7; ol_gamersky lost 0.655 vs 0.957; authors 0.429; trafilatura 0.926) and
    # real_world101 0.962 (de ×10, trafilatura's evaluation pages; trafilatura 0.956), no change made with them in view
    "real_world100": (7, 0.950, 1.000, 0.429, 0),
    "real_world101": (10, 0.962, 1.000, 0.900, 0),
    # first score 0.981 (de ×10, trafilatura's evaluation pages; title 0.900, authors 0.600; trafilatura 0.924), no
    # change made with it in view
    "real_world102": (10, 0.981, 0.900, 0.600, 0),
    # first score 0.986 (en ×10, htmldate's date-evaluation pages; title 1.000, authors 0.900; trafilatura 0.967), no
    # change made with it in view
    "real_world104": (10, 0.986, 1.000, 0.900, 0),
    # first score 0.989 (fr ×2, fi, ro; title 1.000, authors 0.750; trafilatura 0.964), no change made with it in view
    "real_world105": (4, 0.989, 1.000, 0.750, 0),
    # first score 0.963 (th ×2, ko; Matichon lost 0.892 vs 1.000; title 1.000, authors 1.000; trafilatura 0.990);
    # raised after the lead-paragraph rule (`body._lead_before`), the LINE-account promo line and deck-named headings
    # opening the body (0.994)
    "real_world106": (3, 0.994, 1.000, 1.000, 0),
    # first score 0.987 (de ×3, fr, vi; title 1.000, authors 1.000; trafilatura 0.972), no change made with it in view
    "real_world107": (5, 0.987, 1.000, 1.000, 0),
    # first score 0.892 (th ×5 0.982, fi 0.000: nyt_fi's blocks all class `hidden`; title 1.000, authors 0.833;
    # trafilatura 0.888), no change made with it in view
    "real_world108": (6, 0.892, 1.000, 0.833, 1),
    # first score 0.923 (10 languages; hk01_com 0.000, as for trafilatura; title 1.000, authors 0.800; trafilatura
    # 0.845), no change made with it in view
    "real_world109": (10, 0.923, 1.000, 0.800, 1),
    # first score 0.989 (is, da, sq, ms, ca, sv, bn, tr, ja, el; title 0.900, authors 0.800; trafilatura 0.890), no
    # change made with it in view
    "real_world110": (10, 0.989, 0.900, 0.800, 0),
    # first score 0.988 (tl, th, hr, bs; title 1.000, authors 0.750; trafilatura 0.936), no change made with it in view
    "real_world111": (4, 0.988, 1.000, 0.750, 0),
    # first score 0.990 (12 English pages of 12 sites; title 0.917, authors 0.750; trafilatura 0.893), no change made
    # with it in view
    "real_world112": (12, 0.990, 0.917, 0.750, 0),
    # first score 0.991 (no ×2, bn, vi, ar, nl, en ×6; title 1.000, authors 0.833; trafilatura 0.935), no change made
    # with it in view
    "real_world113": (12, 0.991, 1.000, 0.833, 0),
    # first score 0.991 (bg, th, hi, sv, sq, tr, en ×5; title 1.000, authors 0.727; trafilatura 0.882), no change made
    # with it in view
    "real_world114": (11, 0.991, 1.000, 0.727, 0),
    # first score 0.937 (ru, it, pl, sl, sq, sv, en ×3; title 1.000, authors 1.000; trafilatura 0.888; polsatnews_pl
    # lost, 0.841 vs 1.000: a standfirst kept), no change made with it in view
    "real_world115": (9, 0.937, 1.000, 1.000, 0),
    # first score 0.992 (it, nl, fa, en ×3; title 1.000, authors 0.667; trafilatura 0.955), no change made with it in view
    "real_world116": (6, 0.992, 1.000, 0.667, 0),
    # first score 0.984 (ar ×5; title 1.000, authors 0.800; trafilatura 0.983), no change made with it in view
    "real_world117": (5, 0.984, 1.000, 0.800, 0),
    "real_korean": (2, 1.000, 1.000, 1.000, 0),
    # first score 0.997 (title missed, authors 1.000; trafilatura 0.979); the title after the `h4` headline fix
    "real_korean2": (1, 0.997, 1.000, 1.000, 0),
    # first score 0.991 (title 0.875, authors 0.875; trafilatura 0.969), no change made with it in view yet
    "real_korean3": (8, 0.991, 0.875, 0.875, 0),
    # first score 0.998 (title 1.000, authors 1.000; trafilatura 0.938), no change made with it in view
    "real_korean4": (2, 0.998, 1.000, 1.000, 0),
    # first score 0.995 (title 0.800, authors 0.800; trafilatura 0.907), raised after the wire-byline and title fixes
    "real_korean5": (5, 0.995, 1.000, 1.000, 0),
    # first score 0.989 (title 1.000, authors 1.000; trafilatura 0.754), no change made with it in view
    "real_korean6": (2, 0.989, 1.000, 1.000, 0),
    # first score 0.994 (title 1.000, authors 0.500; trafilatura 0.973), no change made with it in view
    "real_korean7": (4, 0.994, 1.000, 0.500, 0),
}
F1_MARGIN = 0.02
FIELD_MARGIN = 0.05
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200e\u200f\u2060\ufeff]")
REQUIRED_KEYS = {"url", "template", "language", "encoding", "title", "published", "modified", "authors", "section",
                 "captions", "body_paragraphs", "must_not_contain"}


@pytest.fixture(scope="module")
def reports():
    return breakdown(PAGES, "newsarchive", predict(PAGES, run_ours))


def test_corpus_shape():
    assert {folder: len(load_pages(FIXTURES / folder)) for folder in FOLDERS} == {f: v[0] for f, v in FIRST_SCORE.items()}
    assert len({p.language for p in PAGES}) >= 7
    assert {p.expected["encoding"] for p in PAGES} >= {"utf-8"}
    assert len({p.expected["template"] for p in PAGES}) >= 60


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_label_is_complete(page):
    """Every label has the corpus fields, a title, a body and no caption inside the body."""
    e = page.expected
    assert REQUIRED_KEYS <= set(e)
    assert e["title"] and e["language"] and e["body_paragraphs"]
    assert all(p.strip() == p and p for p in e["body_paragraphs"])
    body = "\n".join(e["body_paragraphs"])
    assert [c for c in e["captions"] if c in e["body_paragraphs"]] == []
    assert [s for s in e["must_not_contain"] if s in body] == []
    assert not _INVISIBLE_RE.search(body)  # a label holds what a reader sees: no soft hyphens or zero-width marks


@pytest.mark.parametrize("folder", FOLDERS)
def test_folder_floor(reports, folder):
    _, f1, title, authors, low = FIRST_SCORE[folder]
    r = reports[f"folder:{folder}"]
    assert r.body.f1 >= f1 - F1_MARGIN
    assert r.title_exact >= title - FIELD_MARGIN
    assert r.authors_exact >= authors - FIELD_MARGIN
    assert r.low_f1 <= low


def test_overall_floor(reports):
    assert reports["all"].body.f1 >= 0.976 - F1_MARGIN  # first 0.941
    assert reports["all"].low_f1 == 0  # real_world8/radiomaryja_pl (0.156 at its first score) decodes as UTF-8 now
