"""The catalogue of the open data in DCAT-AP_IT, the national profile of DCAT-AP that
dati.gov.it harvests: a dcatapit:Catalog of dcatapit:Dataset, each with its
dcatapit:Distribution per format.

Every node has a URI (no blank nodes), so the same data make the same graph. Titles and
descriptions are given in Italian and English."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.utils import translation
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD
from rdflib.term import Node

from cms_templates.links import site_url

from .open_data import (
    CATALOGUE_DESCRIPTION,
    CATALOGUE_TITLE,
    DATASETS,
    LICENCE_NAME,
    LICENCE_URL,
    Dataset,
)
from .open_data_files import CONTENT_TYPES, file_info, files_path, first_published

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
THEME = Namespace(f"{EU}data-theme/")
FILE_TYPE = Namespace(f"{EU}file-type/")
DAILY = URIRef(f"{EU}frequency/DAILY")
ITALIAN = URIRef(f"{EU}language/ITA")
MILAN = URIRef(f"{EU}place/ITA_MIL")
MILAN_GEONAMES = URIRef("http://www.geonames.org/3173435")
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
# How the national catalogue names the public bodies, by their IPA code.
AGENT_BASE = "http://dati.gov.it/resource/Amministrazione/"

# Distributions published per dataset: (extension, EU file type).
DISTRIBUTIONS = (("csv", "CSV"), ("json", "JSON"))
# The catalogue itself, served in three syntaxes: rdflib's format and the content type.
SYNTAXES = {
    "rdf": ("xml", "application/rdf+xml"),
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
}
LANGUAGES = ("it", "en")


def _texts(graph: Graph, subject: Node, predicate: URIRef, text) -> None:
    for language in LANGUAGES:
        with translation.override(language):
            graph.add((subject, predicate, Literal(str(text), lang=language)))


def _date(moment: datetime.datetime | None) -> Literal:
    moment = moment or datetime.datetime.now(tz=datetime.UTC)
    return Literal(moment.date().isoformat(), datatype=XSD.date)


def _agent(graph: Graph) -> URIRef:
    ipa = settings.OPEN_DATA_PUBLISHER_IPA
    agent = URIRef(f"{AGENT_BASE}{ipa}")
    graph.add((agent, RDF.type, DCATAPIT.Agent))
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, DCTERMS.identifier, Literal(ipa)))
    graph.add((agent, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER_NAME, lang="it")))
    return agent


def _contact(graph: Graph, base: str) -> URIRef:
    contact = URIRef(f"{base}#contatti")
    graph.add((contact, RDF.type, DCATAPIT.Organization))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(f"{settings.OPEN_DATA_PUBLISHER_NAME} – WeMi")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}")))
    return contact


def _licence(graph: Graph) -> URIRef:
    licence = URIRef(LICENCE_URL)
    graph.add((licence, RDF.type, DCATAPIT.LicenseDocument))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, DCTERMS.type, ATTRIBUTION))
    graph.add((licence, FOAF.name, Literal(LICENCE_NAME, lang="it")))
    graph.add((licence, DCATAPIT.licenseVersion, Literal("4.0")))
    return licence


def _spatial(graph: Graph) -> URIRef:
    graph.add((MILAN, RDF.type, DCTERMS.Location))
    graph.add((MILAN, DCATAPIT.geographicalIdentifier, MILAN_GEONAMES))
    graph.add((MILAN, LOCN.geographicalName, Literal("Milano", lang="it")))
    return MILAN


def _dataset(graph: Graph, dataset: Dataset, *, base: str, shared: dict) -> URIRef:
    node = URIRef(f"{base}#{dataset.slug}")
    ipa = settings.OPEN_DATA_PUBLISHER_IPA
    files = {ext: file_info(f"{dataset.slug}.{ext}") for ext, _type in DISTRIBUTIONS}
    modified = max((info.modified for info in files.values() if info), default=None)
    graph.add((node, RDF.type, DCATAPIT.Dataset))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(f"{ipa}:{dataset.slug}")))
    _texts(graph, node, DCTERMS.title, dataset.title)
    _texts(graph, node, DCTERMS.description, dataset.description)
    for theme in dataset.themes:
        graph.add((node, DCAT.theme, THEME[theme]))
    graph.add((node, DCTERMS.publisher, shared["agent"]))
    graph.add((node, DCTERMS.rightsHolder, shared["agent"]))
    graph.add((node, DCTERMS.modified, _date(modified)))
    graph.add((node, DCTERMS.issued, _date(first_published())))
    graph.add((node, DCTERMS.accrualPeriodicity, DAILY))
    graph.add((node, DCAT.contactPoint, shared["contact"]))
    graph.add((node, DCTERMS.spatial, shared["spatial"]))
    graph.add((node, DCTERMS.language, ITALIAN))
    graph.add((node, DCAT.landingPage, URIRef(f"{base}#{dataset.slug}")))
    for keyword in dataset.keywords:
        _texts(graph, node, DCAT.keyword, keyword)
    for ext, file_type in DISTRIBUTIONS:
        url = URIRef(f"{base}{dataset.slug}.{ext}")
        distribution = URIRef(f"{base}#{dataset.slug}-{ext}")
        graph.add((node, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCATAPIT.Distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.format, FILE_TYPE[file_type]))
        graph.add((distribution, DCAT.accessURL, url))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.mediaType, Literal(CONTENT_TYPES[ext].split(";")[0])))
        graph.add((distribution, DCTERMS.license, shared["licence"]))
        graph.add((distribution, DCTERMS.title, Literal(f"{dataset.slug}.{ext}")))
        _texts(graph, distribution, DCTERMS.description, dataset.title)
        if files[ext] is not None:
            graph.add((distribution, DCTERMS.modified, _date(files[ext].modified)))
            graph.add(
                (
                    distribution,
                    DCAT.byteSize,
                    Literal(files[ext].size, datatype=XSD.nonNegativeInteger),
                )
            )
    return node


def catalogue_graph() -> Graph:
    base = site_url(files_path())
    graph = Graph()
    for prefix, namespace in (
        ("dcatapit", DCATAPIT),
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("locn", LOCN),
    ):
        graph.bind(prefix, namespace)
    shared = {
        "agent": _agent(graph),
        "contact": _contact(graph, base),
        "licence": _licence(graph),
        "spatial": _spatial(graph),
    }
    catalogue = URIRef(base)
    graph.add((catalogue, RDF.type, DCATAPIT.Catalog))
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    _texts(graph, catalogue, DCTERMS.title, CATALOGUE_TITLE)
    _texts(graph, catalogue, DCTERMS.description, CATALOGUE_DESCRIPTION)
    graph.add((catalogue, DCTERMS.publisher, shared["agent"]))
    graph.add((catalogue, FOAF.homepage, catalogue))
    graph.add((catalogue, DCTERMS.language, ITALIAN))
    graph.add((catalogue, DCAT.themeTaxonomy, URIRef(f"{EU}data-theme")))
    datasets_modified = []
    for dataset in DATASETS.values():
        node = _dataset(graph, dataset, base=base, shared=shared)
        graph.add((catalogue, DCAT.dataset, node))
        datasets_modified.append(graph.value(node, DCTERMS.modified))
    graph.add((catalogue, DCTERMS.modified, max(datasets_modified, key=str)))
    graph.add((catalogue, DCTERMS.issued, _date(first_published())))
    return graph


def serialize(graph: Graph, syntax: str) -> bytes:
    rdflib_format, _content_type = SYNTAXES[syntax]
    data = graph.serialize(format=rdflib_format, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode()


def fingerprint(graph: Graph) -> str:
    """The same statements give the same value whatever order a serializer writes them in."""
    lines = sorted(graph.serialize(format="nt").splitlines())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]
