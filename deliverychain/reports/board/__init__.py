"""The board report (`chain report`): a delivery chain's annex for a board paper.

A rating on the five-point delivery confidence scale with the findings that drive it
(rating.py), a summary paragraph (summary.py), the diagram with numbered callouts
(diagram.py, the one module that draws), the findings in plain English, accepted findings,
intended gaps and evidence (content.py), as one self-contained HTML page (html.py and
templates/), a PDF printed from it by Chromium (pdf.py) or a Word document (word.py).
`api.report` puts it together; `deliverychain.report` is that function.
"""
