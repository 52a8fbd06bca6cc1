"""Importing plain-text articles: parse → plan → apply, one transaction per file.

``import_file`` is the unit: it reads and parses a file (failing with a clear
``file:line: message``), finds the article it corresponds to (same headline and same
date line), and either leaves it alone (the text is unchanged), or writes the article,
its photos, persons, roles, organizations, mentions and quotes in one transaction.
``import_paths`` does that over files and directories, one failure never stopping the
others.

Imports running at once (two staff members, a cron job and a person) serialize: the
headline and date line are unique in the database, and on PostgreSQL each file's
transaction first takes an advisory lock on them, so the second import of the same file
waits for the first to commit and then finds it "unchanged". Writing persons,
organizations, credits and roles takes a second lock shared by all imports, so two files
naming the same new person do not create them twice (and an import's index of
organizations is reloaded when another import has added some). On SQLite every write transaction
begins with ``BEGIN IMMEDIATE`` (settings), which serializes writers the same way; an
import waits up to ``WRITE_WAIT_SECONDS`` for the other writer.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from articles import signals
from articles.models import Article, ArticlePhoto, Mention, Quote
from articles.textformat.analysis import analyse
from articles.textformat.exporting import parsed_from_article, to_text
from articles.textformat.linking import KnownNames
from articles.textformat.organizations import OrganizationRef
from articles.textformat.parsing import (
    DEFAULT_MAX_BYTES,
    ArticleFormatError,
    PhotoBlock,
    parse_file,
)
from media.base import normalize_name
from media.models import Credit, Photo
from people.matching import (
    KNOWN_ORGANIZATIONS,
    OrganizationIndex,
    add_role,
    find_or_create_organization,
    find_or_create_person,
    find_person,
    find_person_by_surname,
    lemma_key,
)

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
ROLE_TEXT_MAX_LENGTH = Mention._meta.get_field("role_text").max_length
WRITTEN_AS_MAX_LENGTH = Mention._meta.get_field("written_as").max_length
NAME_MAX_LENGTH = 200  # people.Person.name
# The two keys of PostgreSQL advisory locks: (namespace, key). One namespace for article
# identities, one lock for writing the rows that imports share (persons, organizations…).
IDENTITY_LOCKS, SHARED_ROWS_LOCK = 0x4E455753, (0x4E455754, 0)
# How long an import on SQLite waits for another writer's transaction (the default is 5 s).
WRITE_WAIT_SECONDS = 120


@dataclass
class ImportResult:
    """What happened to one file."""

    source: str
    status: str
    article: Article | None = None
    message: str = ""
    warnings: list = field(default_factory=list)


@dataclass
class ImportSession:
    """What an import run keeps between files: the organizations already known.

    After a rollback (a failed file, a dry run) rows created in it no longer exist, so the
    index is dropped and reloaded on the next use.
    """

    organizations: OrganizationIndex = field(default_factory=OrganizationIndex)
    # Who persons, organizations and roles made now are recorded as added by: the editor
    # who pressed "find" (their own to correct), None for a file import.
    created_by: object = None
    _known: tuple = (None, None)

    def forget(self):
        self.organizations = OrganizationIndex()
        self._known = (None, None)

    def known_names(self):
        """{first lemma: [(lemma key, OrganizationRef)]} of known full names, and acronyms."""
        organizations = self.organizations.load()
        size = (len(organizations.by_name), len(organizations.by_short_name))
        if self._known[0] != size:
            self._known = (size, self._build_known_names())
        return self._known[1]

    def _build_known_names(self):
        index = {"__acronyms__": set()}
        for acronym, name, _kind in KNOWN_ORGANIZATIONS:
            key = lemma_key(name)
            index.setdefault(key[0], []).append((key, OrganizationRef(short_name=acronym)))
            index["__acronyms__"].add(normalize_name(acronym))
        organizations = self.organizations.load()
        for (key, parent_id), organization in organizations.by_name.items():
            if not key or parent_id is not None or len(key) < 2:
                continue
            ref = OrganizationRef(short_name=organization.short_name, name=organization.name)
            if not organization.short_name:
                ref = OrganizationRef(name=organization.name)
            index.setdefault(key[0], []).append((key, ref))
        index["__acronyms__"].update(organizations.by_short_name)
        return index


def collect_files(paths):
    """The files to import: files as given, and every ``*.txt`` under directories, sorted.

    Returns (files, missing paths).
    """
    files, missing = [], []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*.txt")
                    # Hidden files and folders inside the given directory are skipped;
                    # the directory's own path may well contain "..".
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.exists():
            files.append(path)
        else:
            missing.append(path)
    return files, missing


def find_existing(parsed):
    """The stored article this file corresponds to: same headline, same date line."""
    return (
        Article.objects.filter(headline=parsed.headline, published_at=parsed.published_at)
        .select_related("lead_photo__credit")
        .prefetch_related("article_photos__photo__credit")
        .order_by("pk")
        .first()
    )


def _advisory_lock(namespace, key):
    """Hold a PostgreSQL advisory lock until the current transaction ends (waiting for it)."""
    if connection.vendor != "postgresql":
        return  # SQLite: the transaction began with BEGIN IMMEDIATE; writers already queue.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, key])


def lock_identity(parsed):
    """Wait until no other transaction may be importing the article ``parsed`` describes."""
    identity = f"{parsed.headline}\n{parsed.published_at.isoformat()}".encode()
    digest = hashlib.blake2b(identity, digest_size=4).digest()
    _advisory_lock(IDENTITY_LOCKS, int.from_bytes(digest, "big", signed=True))


def lock_shared_rows():
    """Wait until no other import is writing persons, organizations, roles or credits."""
    _advisory_lock(*SHARED_ROWS_LOCK)


def is_unchanged(article, parsed, publish=False):
    """Would importing ``parsed`` leave ``article`` as it is?"""
    if publish and article.status != Article.Status.PUBLISHED:
        return False
    return to_text(parsed_from_article(article)) == to_text(parsed)


def import_file(path, *, publish=False, dry_run=False, max_bytes=DEFAULT_MAX_BYTES, session=None):
    """Import one file in one transaction; returns an ``ImportResult``, never raises for bad input."""
    session = session or ImportSession()
    source = str(path)
    try:
        parsed = parse_file(path, max_bytes=max_bytes)
    except ArticleFormatError as error:
        return ImportResult(source, FAILED, message=str(error))
    return import_parsed(parsed, publish=publish, dry_run=dry_run, session=session)


def import_parsed(parsed, *, publish=False, dry_run=False, session=None):
    """Apply a ``ParsedArticle``: create, update or leave alone the article it describes."""
    session = session or ImportSession()
    source = parsed.source
    try:
        with transaction.atomic():
            lock_identity(parsed)
            existing = find_existing(parsed)
            if existing is not None and is_unchanged(existing, parsed, publish):
                return ImportResult(source, UNCHANGED, existing, warnings=parsed.warnings)
            lock_shared_rows()
            if not session.organizations.is_current():
                session.forget()  # another import added organizations meanwhile
            article = apply(parsed, existing, publish=publish, session=session)
            if dry_run:
                transaction.set_rollback(True)
                session.forget()
    except ArticleFormatError as error:
        session.forget()
        return ImportResult(source, FAILED, message=str(error), warnings=parsed.warnings)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop an archive import
        session.forget()
        message = f"{source}: {type(error).__name__}: {error}"
        return ImportResult(source, FAILED, message=message, warnings=parsed.warnings)
    status = CREATED if existing is None else UPDATED
    return ImportResult(source, status, article, warnings=parsed.warnings)


def wait_for_other_writers():
    """On SQLite, wait up to WRITE_WAIT_SECONDS for another writer instead of failing with
    "database is locked" (one import's file transaction may outlast the 5 s default)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_SECONDS * 1000}")


def import_paths(paths, *, publish=False, dry_run=False, max_bytes=DEFAULT_MAX_BYTES):
    """Import every file under ``paths``; yields (number done, total, ImportResult)."""
    files, missing = collect_files(paths)
    total = len(files) + len(missing)
    wait_for_other_writers()
    done = 0
    for path in missing:
        done += 1
        yield (
            done,
            total,
            ImportResult(str(path), FAILED, message=f"{path}: no such file or directory"),
        )
    session = ImportSession()
    for path in files:
        done += 1
        result = import_file(
            path, publish=publish, dry_run=dry_run, max_bytes=max_bytes, session=session
        )
        yield done, total, result


def _credit(name, credits):
    if name not in credits:
        credits[name], _ = Credit.objects.get_or_create(name=name)
    return credits[name]


def _apply_photos(article, parsed):
    """Photos in the file's order, reusing the article's earlier photos (and their image
    files) in the same order; returns the list of photos, lead first when there is one."""
    old = []
    if article.pk:
        if article.lead_photo_id:
            old.append(article.lead_photo)
        old += [p.photo for p in sorted(article.article_photos.all(), key=_placement_order)]
        article.article_photos.all().delete()
    credits, photos = {}, []
    blocks = [block for block in parsed.blocks if isinstance(block, PhotoBlock)]
    for index, block in enumerate(blocks):
        credit = _credit(block.credit, credits)
        if index < len(old):
            photo = old[index]
            if photo.caption != block.caption or photo.credit_id != credit.pk:
                photo.caption, photo.credit = block.caption, credit
                photo.save(update_fields=["caption", "credit", "updated_at"])
        else:
            photo = Photo.objects.create(caption=block.caption, credit=credit)
        photos.append(photo)
    for photo in old[len(blocks) :]:
        # A photo the corrected file no longer has: gone unless someone uploaded its image.
        if not photo.has_image and not photo.article_placements.exists():
            photo.lead_of_articles.clear()
            photo.delete()
    lead = parsed.lead_photo
    article.lead_photo = photos[0] if lead is not None else None
    placed = photos[1:] if lead is not None else photos
    return photos, placed


def _placement_order(placement):
    return (placement.position, placement.order, placement.pk)


def _join_forms(forms):
    joined = []
    for form in forms:
        if len("; ".join([*joined, form])) > WRITTEN_AS_MAX_LENGTH:
            break
        joined.append(form)
    return "; ".join(joined)


def apply(parsed, article=None, *, publish=False, session):
    """Write ``parsed`` as a new article or over ``article``; call inside a transaction."""
    creating = article is None
    article = article or Article()
    article.headline = parsed.headline
    article.dek = parsed.dek
    article.body = parsed.body
    if creating or article.status != Article.Status.PUBLISHED:
        article.published_at = parsed.published_at
    if creating:
        article.status = Article.Status.DRAFT
    # Photos first: they do not point to the article, so a new article is saved once.
    photos, placed = _apply_photos(article, parsed)
    article.save()
    positions = [position for position, _block in parsed.placed_photos()]
    ArticlePhoto.objects.bulk_create(
        ArticlePhoto(article=article, photo=photo, position=position, order=order)
        for order, (photo, position) in enumerate(zip(placed, positions, strict=True))
    )

    if not creating:
        # What an editor confirmed or added stays; what was only found is found again.
        article.mentions.filter(accepted=False).exclude(source=Mention.Source.EDITOR).delete()
        article.quotes.all().delete()
    apply_mentions(article, parsed, photos, session, keep_existing=not creating)
    if publish:
        article.publish(at=parsed.published_at)
    return article


def _organization(ref, session):
    parent = _organization(ref.parent, session) if ref.parent is not None else None
    organization, _ = find_or_create_organization(
        session.organizations,
        name=ref.name,
        short_name=ref.short_name,
        parent=parent,
        created_by=session.created_by,
    )
    return organization


def _organization_and_whether_known(ref, session):
    """The organization ``ref`` names, and whether it was known before this import."""
    known = session.organizations.find(name=ref.name, short_name=ref.short_name) is not None
    return _organization(ref, session), known


def _organization_source(ref, organization, known, in_bold_roles):
    if organization.pk in in_bold_roles:
        return Mention.Source.BOLD  # read from the role next to a bold name
    if known:
        return Mention.Source.KNOWN_NAME
    return Mention.Source.MODEL if ref.by_model else Mention.Source.TEXT


class KnownPersons(KnownNames):
    """The persons already known, looked up in the database as linking asks; the persons
    found are kept (by name key) for applying the analysis without asking again."""

    def __init__(self):
        super().__init__()
        self.found = {}

    def person(self, names, written_forms=()):
        return self._remember(find_person(names, written_forms))

    def by_surname(self, surnames, initials=()):
        return self._remember(find_person_by_surname(surnames, "".join(initials)))

    def _remember(self, person):
        if person is None:
            return None
        self.found[person.name_key] = person
        return person.name


@dataclass
class Rejections:
    """What editors rejected for one article: persons, organizations, written forms."""

    persons: set = field(default_factory=set)
    organizations: set = field(default_factory=set)
    forms: set = field(default_factory=set)

    @classmethod
    def of(cls, article):
        rejections = cls()
        for rejected in article.rejected_mentions.all():
            if rejected.person_id:
                rejections.persons.add(rejected.person_id)
            if rejected.organization_id:
                rejections.organizations.add(rejected.organization_id)
            rejections.forms.update(normalize_name(form) for form in rejected.written_forms)
        return rejections

    def names(self, written_forms):
        """Whether a name written so was rejected (its person may have been deleted since)."""
        return any(normalize_name(form) in self.forms for form in written_forms)


def apply_mentions(article, parsed, photos, session, *, keep_existing=True):
    """Record the persons, roles, organizations and quotes the text names.

    ``photos`` are the article's photos in the order of the text's photo blocks (for
    "shown in the photo"). Persons and organizations the article already mentions, and
    quotes it already has, are kept as they are; returns how many mentions and quotes
    were added. ``keep_existing=False`` says there are none (the importer has just
    removed them), which saves the queries.
    """
    existing, quoted, rejected = [], set(), Rejections()
    if keep_existing:
        existing = list(article.mentions.values_list("person", "organization"))
        quoted = set(article.quotes.values_list("text", flat=True))
        rejected = Rejections.of(article)
    mentioned_persons = {person for person, _organization in existing}
    mentioned_organizations = {organization for _person, organization in existing}
    first_order = len(existing)
    known = KnownPersons()
    analysis = analyse(parsed, session.known_names(), known)
    known_persons = known.found
    # A confident role is dated by the article stating it: held by then, as far as we know.
    published_at = article.published_at or parsed.published_at
    stated_on = timezone.localdate(published_at) if published_at else None
    mentions, persons_by_ref, in_bold_roles, created_for_roles = [], {}, set(), set()

    def mention(ref, source, **target):
        # New mentions follow the existing ones, in the order the text names them.
        order = first_order + len(mentions)
        written_as = _join_forms(ref.written_as)
        mentions.append(
            Mention(article=article, written_as=written_as, order=order, source=source, **target)
        )

    for ref in analysis.persons:
        name = ref.name
        if len(name) > NAME_MAX_LENGTH:
            raise ArticleFormatError(f"person's name is too long: {name[:60]!r}…", parsed.source)
        if rejected.names(ref.written_as):
            continue  # an editor said this name is no one the article mentions
        person = known_persons.get(normalize_name(name))
        if person is None:
            person, _ = find_or_create_person(
                ref.candidates, ref.written_as, created_by=session.created_by
            )
            known_persons[person.name_key] = person
        if person.pk in rejected.persons:
            continue
        persons_by_ref[id(ref)] = person
        for role in ref.roles:
            if not role.confident:
                continue  # stays in the mention's role_text for an editor to confirm
            organization = None
            if role.organizations:
                organization, known = _organization_and_whether_known(
                    role.organizations[0], session
                )
                if not known:
                    created_for_roles.add(organization.pk)
            add_role(
                person,
                role.title[:300],
                organization,
                stated_on=stated_on,
                created_by=session.created_by,
            )
            if organization is not None and ref.source == Mention.Source.BOLD:
                in_bold_roles.add(organization.pk)
        for photo_index in ref.shown_in_photos:
            person.photos.add(photos[photo_index])
        if person.pk not in mentioned_persons:
            mentioned_persons.add(person.pk)
            mention(
                ref,
                ref.source,
                person=person,
                role_text="; ".join(ref.role_texts)[:ROLE_TEXT_MAX_LENGTH],
            )
    for ref in analysis.organizations:
        if rejected.names(ref.written_as):
            continue
        organization, known = _organization_and_whether_known(ref, session)
        known = known and organization.pk not in created_for_roles  # before this import
        if organization.pk in rejected.organizations:
            continue
        if organization.pk not in mentioned_organizations:
            mentioned_organizations.add(organization.pk)
            mention(
                ref,
                _organization_source(ref, organization, known, in_bold_roles),
                organization=organization,
            )
    Mention.objects.bulk_create(mentions)
    quotes = Quote.objects.bulk_create(
        Quote(
            article=article,
            speaker=persons_by_ref[id(quote.speaker)],
            text=quote.text,
            order=len(quoted) + order,
        )
        for order, quote in enumerate(
            q for q in analysis.quotes if q.text not in quoted and id(q.speaker) in persons_by_ref
        )
    )
    if mentions or quotes:
        signals.mentions_written_in_bulk(article)
    return len(mentions), len(quotes)


def find_mentions(article, by=None):
    """Add to a saved article the mentions and quotes its text shows but it lacks.

    What the importer does for a file, for an article typed in the admin: persons in
    the nominative (found, or created, as added by ``by``), their roles, organizations,
    quotes. Returns (mentions added, quotes added).
    """
    placements = sorted(article.article_photos.all(), key=_placement_order)
    photos = [article.lead_photo] if article.lead_photo_id else []
    photos += [placement.photo for placement in placements]
    with transaction.atomic():
        lock_shared_rows()
        session = ImportSession(created_by=by)
        return apply_mentions(article, parsed_from_article(article), photos, session)
