"""Settings: one frozen object read from NEWSWIRE_* environment variables, once, in main()."""

from __future__ import annotations

import difflib
import os
import socket
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Records per batch when neither enrichment is on and NEWSWIRE_BATCH_MAX_RECORDS is not set: an
#: article then takes about a millisecond, so a batch still ends well within NEWSWIRE_BATCH_MAX_MS,
#: and each transaction's fixed cost (its round trips, the state record) is shared by more articles.
LEAN_BATCH = 256
PREFIX = "NEWSWIRE_"
#: NEWSWIRE_* variables the project's tools read and the service never does. Any other NEWSWIRE_*
#: variable that is not a setting stops every command: a misspelt setting must not be ignored.
TOOLING = {
    "NEWSWIRE_KAFKA_HOME": "deploy/kafka/kafka.sh: a broker's own folder (data, logs, pid)",
    "NEWSWIRE_KAFKA_PORT": "deploy/kafka/kafka.sh: the first port it tries",
    "NEWSWIRE_KAFKA_LIBS": "deploy/kafka/kafka.sh: broker jars already fetched",
    "NEWSWIRE_KAFKA_HEAP": "deploy/kafka/kafka.sh: each node's heap",
    "NEWSWIRE_DATA": "make eval, make models: the labelled data",
    "NEWSWIRE_MODEL_DIR": "make models: where models are trained",
    "NEWSWIRE_IMAGE_TAG": "deploy/compose.yaml: the image's tag",
    "NEWSWIRE_CHAOS": "make chaos: every chaos scenario at full size",
    "NEWSWIRE_SHARED_DATA": "tests: the labelled data",
    "NEWSWIRE_CONTAINER_ENGINE": "tests: podman or docker, for the image test",
    "NEWSWIRE_PYTHON_IMAGE": "tests: the image test's base image",
}


class Settings(BaseSettings):
    """Every setting of the service; `newswire run --help` lists them with their defaults."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, extra="ignore")

    kafka_bootstrap_servers: str = Field("127.0.0.1:9092", description="Comma-separated host:port list.")
    input_topic: str = Field("news.raw.v1", description="Raw articles from crawlers.")
    output_topic: str = Field("news.articles.v1", description="Clean, enriched articles.")
    dlq_topic: str = Field("news.raw.v1.dlq", description="Records that could not be processed.")
    state_topic: str = Field("news.state.v1", description="Compacted: learned state shared by replicas.")
    boilerplate_min_articles: int = Field(
        5, ge=0, description="A paragraph in this many articles of one source is boilerplate; 0 disables."
    )
    duplicate_window_s: int = Field(7 * 86_400, ge=0, description="How far back copies are looked for; 0 disables.")
    duplicate_index_max_entries: int = Field(
        200_000,
        ge=1_000,
        le=2_000_000,
        description="Articles the duplicate index holds; past it the oldest are forgotten before the window ends"
        " (newswire_learned_state_max_entries); each costs about 850 bytes of memory (the default about 160 MB).",
    )
    drop_duplicates: bool = Field(False, description="Drop copies instead of flagging them with duplicate_of.")
    group_id: str = Field("newswire", description="Consumer group shared by all replicas.")
    replica_id: str = Field(
        default_factory=socket.gethostname,
        description="Must be stable per replica: the transactional id is GROUP_ID-REPLICA_ID.",
    )
    processing_guarantee: Literal["exactly_once", "at_least_once"] = Field(
        "exactly_once",
        description="exactly_once: output, dead letters and offsets in one transaction per batch; or at_least_once.",
    )
    batch_max_records: int = Field(
        64,
        ge=1,
        le=10_000,
        description=f"Records per poll and transaction, and per batch of newswire process; when not set and every"
        f" enrichment is off, {LEAN_BATCH}.",
    )
    batch_max_ms: int = Field(
        500,
        ge=0,
        le=600_000,
        description="Processing time one transaction covers at most: when it is spent, what is done is committed"
        " and the rest of the batch follows in the next; 0: no limit.",
    )
    poll_timeout_ms: int = Field(500, ge=10, le=10_000, description="How long one poll waits for records.")
    max_poll_interval_ms: int = Field(
        300_000, ge=10_000, description="The consumer's max.poll.interval.ms: longer between polls leaves the group."
    )
    session_timeout_ms: int = Field(
        45_000, ge=6_000, description="The consumer's session.timeout.ms: a replica silent this long is replaced."
    )
    transaction_timeout_ms: int = Field(60_000, ge=1_000, description="Broker-side transaction timeout.")
    call_timeout_s: float = Field(30.0, gt=0, description="Deadline for each transactional call.")
    state_load_timeout_s: float = Field(
        600.0,
        gt=0,
        le=86_400,
        description="How long reading the state topic at start-up may take; its progress is logged as it goes.",
    )
    max_record_bytes: int = Field(
        8 * 1024 * 1024, ge=1024, le=64 * 1024 * 1024, description="Larger input records are dead-lettered."
    )
    max_output_bytes: int = Field(
        1_000_000,
        ge=1024,
        le=64 * 1024 * 1024,
        description="Largest record produced; keep within the output topics' max.message.bytes.",
    )
    max_json_depth: int = Field(16, ge=2, le=100, description="Deeper nested input JSON is dead-lettered.")
    enrich_entities: bool = Field(True, description="Named entities; false: no spaCy model is loaded.")
    enrich_topics: bool = Field(True, description="IPTC topics; false: no topic model is loaded.")
    models: Literal["trained", "public"] = Field(
        "trained",
        description="trained: the entity recognizer and topic model shipped in the package; "
        "public: en_core_web_sm and the keyword lexicon.",
    )
    spacy_model: str = Field(
        "", description="Entity model instead of NEWSWIRE_MODELS's: an installed spaCy pipeline or a directory."
    )
    other_entity_models: str = Field(
        "fr_core_news_sm",
        description="Comma-separated spaCy pipelines for languages other than the entity model's, each loaded"
        " when the first article in its language comes; empty: none.",
    )
    topic_model: str = Field(
        "", description="Topic model instead of NEWSWIRE_MODELS's: a trained model's directory, or `lexicon`."
    )
    metrics_host: str = Field("0.0.0.0", description="Address /metrics, /healthz and /readyz bind to.")
    metrics_port: int = Field(9400, ge=0, le=65535, description="0 disables the HTTP endpoint.")
    log_format: Literal["auto", "json", "console"] = Field(
        "auto", description="auto: console on a terminal, JSON lines otherwise."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="newswire's own log level; libraries log from WARNING up."
    )
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="How to reach the brokers."
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(
        None, description="With a SASL security protocol."
    )
    sasl_username: str | None = Field(None, description="SASL user name.")
    sasl_password: SecretStr | None = Field(None, description="SASL password; never logged.")
    ssl_cafile: str | None = Field(None, description="CA certificates to verify the brokers with.")
    allow_plaintext_credentials: bool = Field(False, description="Permit SASL_PLAINTEXT (not for production).")

    @model_validator(mode="before")
    @classmethod
    def _no_unknown_variables(cls, data: Any) -> Any:
        if problems := unknown_variables(os.environ):
            raise ValueError("; ".join(problems))
        return data

    @model_validator(mode="after")
    def _credentials_need_tls(self) -> Settings:
        if self.sasl_username and self.security_protocol == "SASL_PLAINTEXT" and not self.allow_plaintext_credentials:
            raise ValueError("refusing to send SASL credentials in plain text; use SASL_SSL")
        if self.security_protocol.startswith("SASL") and not (self.sasl_username and self.sasl_password):
            raise ValueError("SASL needs NEWSWIRE_SASL_USERNAME and NEWSWIRE_SASL_PASSWORD")
        return self

    @property
    def batch_records(self) -> int:
        """Records per poll and transaction: batch_max_records, or LEAN_BATCH when it was not set and
        every enrichment is off."""
        enriching = any(on for name, on in self if name.startswith("enrich_"))  # every NEWSWIRE_ENRICH_* switch
        lean = not enriching and "batch_max_records" not in self.model_fields_set
        return LEAN_BATCH if lean else self.batch_max_records

    @property
    def transactional_id(self) -> str:
        """Stable per replica, so a restarted replica fences its own unfinished transaction."""
        return f"{self.group_id}-{self.replica_id}"


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One message for each NEWSWIRE_* variable that is neither a setting nor in TOOLING, naming the
    closest valid names (the environment is read without regard to case, as the settings are)."""
    known = [name.upper() for name in Settings.model_fields] + [name.removeprefix(PREFIX) for name in TOOLING]
    problems = []
    for variable in sorted(environ):
        name = variable.upper().removeprefix(PREFIX)
        if variable.upper().startswith(PREFIX) and name not in known:
            close = [PREFIX + c for c in difflib.get_close_matches(name, known, n=2, cutoff=0.45)]
            hint = f"did you mean {' or '.join(close)}?" if close else "`newswire run --help` lists them"
            problems.append(f"{variable} is not a newswire setting ({hint})")
    return problems


def describe() -> str:
    """Every setting with its default and description, then the tools' variables, for --help."""
    lines = []
    for name, info in Settings.model_fields.items():
        default = "<hostname>" if name == "replica_id" else info.default
        lines.append(f"  {PREFIX}{name.upper():<34} default: {default}")
        if info.description:
            lines.append(f"      {info.description}")
    lines.append("\nread by the project's tools, never by the service (any other NEWSWIRE_* variable is an error):")
    lines += [f"  {name:<43} {reader}" for name, reader in TOOLING.items()]
    return "\n".join(lines)
