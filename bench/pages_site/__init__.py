"""The site as bench/pages.py serves it: the production settings, plus a floor view and a
count of the queries of each request. Never part of a deployment."""
