"""The version of deliverychain, for `chain --version` and the reports that name the tool.

Its own module, below every layer, so that a report can say which version wrote it
without importing the package's public face (which imports the pipeline).
"""

VERSION = "0.1.0"
