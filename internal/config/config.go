// Package config reads Mektep's configuration from environment variables into one typed
// struct, with defaults that run the dev stack, validation, and *_FILE variants for secrets
// (MEKTEP_BOOTSTRAP_TOKEN_FILE=/run/secrets/token reads the token from that file).
package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore/keyring"
)

// Config is every setting of the platform. The README's configuration table lists each
// variable; Vars below is the single source of names and defaults.
type Config struct {
	HTTPAddr          string         // MEKTEP_HTTP_ADDR
	PublicURL         string         // MEKTEP_PUBLIC_URL: how people reach the platform (links in email)
	DatabaseURL       string         // DATABASE_URL
	MongoURI          string         // MONGODB_URI; empty in dev means "start FerretDB"
	MongoDatabase     string         // MONGODB_DATABASE
	TemporalAddress   string         // TEMPORAL_ADDRESS
	TemporalNS        string         // TEMPORAL_NAMESPACE
	TaskQueue         string         // TEMPORAL_TASK_QUEUE
	SMTPURL           string         // SMTP_URL; empty in dev means "start the SMTP sink"
	MailFrom          string         // MEKTEP_MAIL_FROM
	BootstrapToken    string         // MEKTEP_BOOTSTRAP_TOKEN (secret): operator API token until accounts exist
	MetricsAddr       string         // MEKTEP_METRICS_ADDR: separate /metrics listener of `serve` and `worker`
	LogLevel          slog.Level     // MEKTEP_LOG_LEVEL: debug, info, warn, error
	VarDir            string         // MEKTEP_VAR_DIR: dev-stack data (PostgreSQL, Temporal, FerretDB, mail)
	ShutdownTimeout   time.Duration  // MEKTEP_SHUTDOWN_TIMEOUT
	RepairGrace       time.Duration  // MEKTEP_CONTENT_REPAIR_GRACE: age of a content index mark the worker repairs
	DemoHosts         []string       // MEKTEP_DEMO_HOSTS: hosts of the demo school seeded by `dev`
	TrustedProxies    []netip.Prefix // MEKTEP_TRUSTED_PROXIES: whose X-Forwarded-For to believe
	DNSServer         string         // MEKTEP_DNS_SERVER: resolver for domain proofs; empty = system
	PlatformDomain    string         // MEKTEP_PLATFORM_DOMAIN: sites also answer on <slug>.<this>
	MediaMaxFile      int64          // MEKTEP_MEDIA_MAX_SIZE: largest image or document upload, bytes
	MediaMaxVideo     int64          // MEKTEP_MEDIA_MAX_VIDEO_SIZE: largest video upload, bytes
	QuotaDefault      int64          // MEKTEP_QUOTA_DEFAULT: a site's disk quota until an operator sets one
	WorkerCache       int            // MEKTEP_WORKER_CACHE: running workflows a worker keeps in memory
	WorkerPollers     int            // MEKTEP_WORKER_POLLERS: concurrent polls per task kind
	SyndicationShards int            // MEKTEP_SYNDICATION_SHARDS: outbound processes per destination
	PayloadKeys       string         // MEKTEP_PAYLOAD_KEYS (secret): data keys sealing Temporal payloads and the mail spool
	TemporalUIOrigin  string         // MEKTEP_TEMPORAL_UI_ORIGIN: the Temporal Web UI allowed to call the codec endpoint
	EDSRootsDir       string         // MEKTEP_EDS_ROOTS_DIR: trusted NCA root and CA certificates for EDS
	IdentityKey       string         // MEKTEP_IDENTITY_KEY (secret): key of the keyed hashes that stand for IINs
	NCALayerURL       string         // MEKTEP_NCALAYER_URL: where survey pages reach NCALayer on a participant's computer
	// MEKTEP_DOVECOT_PASSWD, MEKTEP_DOVECOT_MAIL_ROOT and MEKTEP_DOVECOT_CONFIG: the
	// Dovecot that holds the schools' edu mailboxes (none: mailboxes cannot be created).
	DovecotPasswd   string
	DovecotMailRoot string
	DovecotConfig   string
	RateLimits      bool // MEKTEP_RATE_LIMITS: "off" lifts the limits on applications and tickets (load tests)

	// TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY, TEMPORAL_TLS_CA and TEMPORAL_TLS_SERVER_NAME:
	// mutual TLS to the Temporal frontend (files in PEM).
	TemporalTLSCert, TemporalTLSKey, TemporalTLSCA, TemporalTLSServerName string
	// SyndicationAllow are networks feeds may be fetched from although they are not public
	// (MEKTEP_SYNDICATION_ALLOW_NETS); SyndicationKeys are the partners' API keys by the
	// credential name a destination gives (MEKTEP_SYNDICATION_KEYS, secret).
	SyndicationAllow []netip.Prefix
	SyndicationKeys  map[string]string

	// Backup is where and when the databases are backed up and restored in drills.
	Backup Backup
}

// Backup configures backups and restore drills (docs/operations.md).
type Backup struct {
	Store         string         // MEKTEP_BACKUP_STORE: a directory, or s3://bucket/prefix
	S3Endpoint    string         // MEKTEP_BACKUP_S3_ENDPOINT
	S3Region      string         // MEKTEP_BACKUP_S3_REGION
	S3AccessKey   string         // MEKTEP_BACKUP_S3_ACCESS_KEY
	S3SecretKey   string         // MEKTEP_BACKUP_S3_SECRET_KEY (secret)
	Schedule      string         // MEKTEP_BACKUP_SCHEDULE: cron
	DrillSchedule string         // MEKTEP_BACKUP_DRILL_SCHEDULE: cron
	TimeZone      string         // MEKTEP_BACKUP_TIMEZONE: of both schedules and of retention's calendar
	Location      *time.Location // TimeZone loaded
	Retention     [3]int         // MEKTEP_BACKUP_RETENTION: daily, weekly, monthly
	AlertEmails   []string       // MEKTEP_BACKUP_ALERT_EMAILS: besides the platform's operators
	PGBin         string         // MEKTEP_PG_BIN: folder of pg_dump and pg_restore
	DrillDatabase string         // MEKTEP_BACKUP_DRILL_DATABASE_URL: scratch PostgreSQL database
	DrillMongoDB  string         // MEKTEP_BACKUP_DRILL_MONGODB_DATABASE: scratch Mongo API database
}

// Var describes one environment variable for the README table and for Load.
type Var struct {
	Name, Default, Doc string
	Secret             bool
}

// Vars lists every variable Mektep reads, with its default.
var Vars = []Var{
	{Name: "MEKTEP_HTTP_ADDR", Default: ":8080", Doc: "address the HTTP server (API and public sites) listens on"},
	{Name: "MEKTEP_PUBLIC_URL", Default: "http://localhost:8080", Doc: "base URL of the platform, used in links sent by email"},
	{Name: "DATABASE_URL", Default: "postgres://postgres@127.0.0.1:5432/mektep?sslmode=disable", Doc: "PostgreSQL; `dev` ignores the default and keeps its own cluster under MEKTEP_VAR_DIR/pg on port 5433 (set the variable to use another server)", Secret: true},
	{Name: "MONGODB_URI", Default: "", Doc: "MongoDB API for CMS content; empty in `dev` starts embedded FerretDB on 127.0.0.1:27018", Secret: true},
	{Name: "MONGODB_DATABASE", Default: "mektep", Doc: "database name in the MongoDB API"},
	{Name: "TEMPORAL_ADDRESS", Default: "127.0.0.1:7233", Doc: "Temporal frontend host:port; `dev` starts the CLI dev server there"},
	{Name: "TEMPORAL_NAMESPACE", Default: "default", Doc: "Temporal namespace"},
	{Name: "TEMPORAL_TASK_QUEUE", Default: "mektep", Doc: "task queue of Mektep's workflows and activities (separate deployments sharing a cluster use different ones)"},
	{Name: "TEMPORAL_TLS_CERT", Default: "", Doc: "PEM file of the client certificate for mutual TLS to the Temporal frontend (production); empty: plain connection"},
	{Name: "TEMPORAL_TLS_KEY", Default: "", Doc: "PEM file of the key of TEMPORAL_TLS_CERT"},
	{Name: "TEMPORAL_TLS_CA", Default: "", Doc: "PEM file of the CA that issued the Temporal frontend's certificate"},
	{Name: "TEMPORAL_TLS_SERVER_NAME", Default: "", Doc: "name to check in the frontend's certificate when it differs from TEMPORAL_ADDRESS's host"},
	{Name: "SMTP_URL", Default: "", Doc: "smtp://[user:pass@]host:port[?tls=required] or smtps://...; empty in `dev` starts the SMTP sink (mail in MEKTEP_VAR_DIR/mail)", Secret: true},
	{Name: "MEKTEP_MAIL_FROM", Default: "Mektep <noreply@mektep.local>", Doc: "sender of the platform's email"},
	{Name: "MEKTEP_BOOTSTRAP_TOKEN", Default: "", Doc: "operator token for the site API (Authorization: Bearer ...); `dev` generates one in MEKTEP_VAR_DIR/bootstrap-token", Secret: true},
	{Name: "MEKTEP_METRICS_ADDR", Default: ":9090", Doc: "address of the /metrics listener of `mektep serve` and `mektep worker`"},
	{Name: "MEKTEP_LOG_LEVEL", Default: "info", Doc: "debug, info, warn or error"},
	{Name: "MEKTEP_VAR_DIR", Default: "./var", Doc: "where `dev` keeps its data between runs"},
	{Name: "MEKTEP_SHUTDOWN_TIMEOUT", Default: "20s", Doc: "how long in-flight requests and activities get to finish on stop"},
	{Name: "MEKTEP_CONTENT_REPAIR_GRACE", Default: "1m", Doc: "how old a page, news or menu write that left its content index entry unwritten must be before the worker puts the entry right (it looks that often); see docs/operations.md"},
	{Name: "MEKTEP_TRUSTED_PROXIES", Default: "", Doc: "comma-separated CIDRs of load balancers whose X-Forwarded-For gives the client address (login throttling and the audit log use it)"},
	{Name: "MEKTEP_DNS_SERVER", Default: "", Doc: "host:port of the DNS server that checks domain ownership (TXT records); empty uses the system resolver"},
	{Name: "MEKTEP_PLATFORM_DOMAIN", Default: "localhost", Doc: "every site also answers on <slug>.<this domain> (a wildcard DNS record points it at the platform), e.g. mektep.kz"},
	{Name: "MEKTEP_DEMO_HOSTS", Default: "demo.localhost,localhost", Doc: "domains of the demo school that `dev` seeds"},
	{Name: "MEKTEP_MEDIA_MAX_SIZE", Default: "20MiB", Doc: "largest image or document a media library upload may be (bytes, or with KiB, MiB, GiB)"},
	{Name: "MEKTEP_MEDIA_MAX_VIDEO_SIZE", Default: "200MiB", Doc: "largest video a media library upload may be"},
	{Name: "MEKTEP_WORKER_CACHE", Default: "2000", Doc: "running workflows a worker keeps in memory (about 50 KB each); the others are replayed from history when they wake, so the worker's memory stays flat however many tickets and applications are open"},
	{Name: "MEKTEP_WORKER_POLLERS", Default: "4", Doc: "concurrent polls of a worker per task kind (workflow, activity); more help a busy worker keep timers on time"},
	{Name: "MEKTEP_PAYLOAD_KEYS", Default: "", Doc: "data keys (AES-256) that seal every Temporal payload and the email spool: `id:base64key` per line or comma-separated, the first one seals, all open (rotate by putting a new key first); `dev` generates one in MEKTEP_VAR_DIR/payload-keys; required by `serve` and `worker`", Secret: true},
	{Name: "MEKTEP_TEMPORAL_UI_ORIGIN", Default: "http://localhost:8233", Doc: "origin of the Temporal Web UI that may call the payload codec endpoint /api/v1/temporal-codec (operators only)"},
	{Name: "MEKTEP_RATE_LIMITS", Default: "on", Doc: "`off` lifts the per-family and per-network limits on applications and tickets, for load tests only (logins, registrations and reset emails stay limited)"},
	{Name: "MEKTEP_SYNDICATION_ALLOW_NETS", Default: "", Doc: "comma-separated CIDRs that subscribed feeds may be fetched from although they are not public addresses (feeds are otherwise refused on loopback, private and link-local addresses, also after redirects)"},
	{Name: "MEKTEP_SYNDICATION_SHARDS", Default: "32", Doc: "outbound delivery processes (Temporal workflows) per syndication destination; each carries the news of many schools. Change it only when no delivery is pending (docs/syndication.md)"},
	{Name: "MEKTEP_SYNDICATION_KEYS", Default: "", Doc: "API keys of syndication partners as name=key pairs separated by commas; a destination names its key", Secret: true},
	{Name: "MEKTEP_QUOTA_DEFAULT", Default: "1GiB", Doc: "disk quota of a site (media, thumbnails, admission documents) until an operator sets another with PUT /api/v1/sites/{id}/quota"},
	{Name: "MEKTEP_IDENTITY_KEY", Default: "", Doc: "secret key (at least 32 bytes, base64) of the keyed hashes that stand for people's IINs (one vote per IIN, audience lists); never change it: every stored hash would stop matching; `dev` generates one in MEKTEP_VAR_DIR/identity-key; required by `serve` and `worker`", Secret: true},
	{Name: "MEKTEP_NCALAYER_URL", Default: "wss://127.0.0.1:13579", Doc: "where survey pages reach NCALayer (the national signer) on the participant's own computer; change it only to test with a stand-in"},
	{Name: "MEKTEP_BACKUP_STORE", Default: "./var/backups", Doc: "where backups go: a directory, or `s3://bucket/prefix` for an S3-compatible store (see docs/operations.md)"},
	{Name: "MEKTEP_BACKUP_S3_ENDPOINT", Default: "", Doc: "base URL of the S3-compatible service (path-style addressing); empty: AWS"},
	{Name: "MEKTEP_BACKUP_S3_REGION", Default: "us-east-1", Doc: "region of the S3 bucket"},
	{Name: "MEKTEP_BACKUP_S3_ACCESS_KEY", Default: "", Doc: "access key of the S3 store"},
	{Name: "MEKTEP_BACKUP_S3_SECRET_KEY", Default: "", Doc: "secret key of the S3 store", Secret: true},
	{Name: "MEKTEP_BACKUP_SCHEDULE", Default: "0 2 * * *", Doc: "when the backup runs (cron: minute hour day month weekday, in MEKTEP_BACKUP_TIMEZONE); read at worker start"},
	{Name: "MEKTEP_BACKUP_DRILL_SCHEDULE", Default: "0 4 * * 0", Doc: "when the restore drill restores the newest backup into scratch databases and checks it (cron)"},
	{Name: "MEKTEP_BACKUP_TIMEZONE", Default: "Asia/Almaty", Doc: "time zone of the backup schedules and of the retention calendar"},
	{Name: "MEKTEP_BACKUP_RETENTION", Default: "7,4,12", Doc: "finished backups kept: the newest of each of the last N days, ISO weeks and months (daily,weekly,monthly)"},
	{Name: "MEKTEP_BACKUP_ALERT_EMAILS", Default: "", Doc: "comma-separated addresses alerted when a restore drill finds a difference, besides every platform operator"},
	{Name: "MEKTEP_PG_BIN", Default: "", Doc: "folder of pg_dump and pg_restore; empty: /usr/lib/postgresql/<server major>/bin, else PATH"},
	{Name: "MEKTEP_BACKUP_DRILL_DATABASE_URL", Default: "", Doc: "scratch PostgreSQL database the restore drill recreates and restores into; empty: DATABASE_URL's database with `_drill` appended", Secret: true},
	{Name: "MEKTEP_BACKUP_DRILL_MONGODB_DATABASE", Default: "", Doc: "scratch Mongo API database of the restore drill; empty: MONGODB_DATABASE with `_drill` appended"},
	{Name: "MEKTEP_EDS_ROOTS_DIR", Default: "", Doc: "folder of the trusted NCA root and issuing CA certificates (DER or PEM) that electronic signatures must chain to; see docs/eds.md"},
	{Name: "MEKTEP_DOVECOT_PASSWD", Default: "", Doc: "the passwd-file of the Dovecot that holds the schools' edu mailboxes, written by the platform; empty: no mail server, mailboxes cannot be created (see docs/operations.md)"},
	{Name: "MEKTEP_DOVECOT_MAIL_ROOT", Default: "", Doc: "folder of the mailboxes on the Dovecot host (<root>/<domain>/<name>); required with MEKTEP_DOVECOT_PASSWD"},
	{Name: "MEKTEP_DOVECOT_CONFIG", Default: "", Doc: "Dovecot configuration file passed to doveadm as -c (empty: doveadm's default)"},
}

// Load reads the configuration from the environment. getenv is os.Getenv in production and a
// map lookup in tests.
func Load(getenv func(string) string) (*Config, error) {
	vals := make(map[string]string, len(Vars))
	var errs []error
	for _, v := range Vars {
		val := getenv(v.Name)
		if f := getenv(v.Name + "_FILE"); f != "" {
			// On error the variable keeps its value or default, so only the _FILE problem is
			// reported, not a second, misleading one about the empty variable.
			if !v.Secret {
				errs = append(errs, fmt.Errorf("%s_FILE: %s is not a secret; set it directly", v.Name, v.Name))
			} else if data, err := os.ReadFile(f); err != nil {
				errs = append(errs, fmt.Errorf("%s_FILE: %w", v.Name, err))
			} else {
				val = strings.TrimSpace(string(data))
			}
		}
		if val == "" {
			val = v.Default
		}
		vals[v.Name] = val
	}
	c := &Config{
		HTTPAddr:              vals["MEKTEP_HTTP_ADDR"],
		PublicURL:             strings.TrimRight(vals["MEKTEP_PUBLIC_URL"], "/"),
		DatabaseURL:           vals["DATABASE_URL"],
		MongoURI:              vals["MONGODB_URI"],
		MongoDatabase:         vals["MONGODB_DATABASE"],
		TemporalAddress:       vals["TEMPORAL_ADDRESS"],
		TemporalNS:            vals["TEMPORAL_NAMESPACE"],
		TaskQueue:             vals["TEMPORAL_TASK_QUEUE"],
		SMTPURL:               vals["SMTP_URL"],
		MailFrom:              vals["MEKTEP_MAIL_FROM"],
		BootstrapToken:        vals["MEKTEP_BOOTSTRAP_TOKEN"],
		MetricsAddr:           vals["MEKTEP_METRICS_ADDR"],
		VarDir:                vals["MEKTEP_VAR_DIR"],
		PayloadKeys:           vals["MEKTEP_PAYLOAD_KEYS"],
		TemporalUIOrigin:      strings.TrimRight(vals["MEKTEP_TEMPORAL_UI_ORIGIN"], "/"),
		EDSRootsDir:           vals["MEKTEP_EDS_ROOTS_DIR"],
		IdentityKey:           vals["MEKTEP_IDENTITY_KEY"],
		NCALayerURL:           vals["MEKTEP_NCALAYER_URL"],
		DovecotPasswd:         vals["MEKTEP_DOVECOT_PASSWD"],
		DovecotMailRoot:       vals["MEKTEP_DOVECOT_MAIL_ROOT"],
		DovecotConfig:         vals["MEKTEP_DOVECOT_CONFIG"],
		TemporalTLSCert:       vals["TEMPORAL_TLS_CERT"],
		TemporalTLSKey:        vals["TEMPORAL_TLS_KEY"],
		TemporalTLSCA:         vals["TEMPORAL_TLS_CA"],
		TemporalTLSServerName: vals["TEMPORAL_TLS_SERVER_NAME"],
	}
	errs = append(errs, c.loadBackup(vals)...)
	if err := c.LogLevel.UnmarshalText([]byte(vals["MEKTEP_LOG_LEVEL"])); err != nil {
		errs = append(errs, fmt.Errorf("MEKTEP_LOG_LEVEL: %q is not debug, info, warn or error", vals["MEKTEP_LOG_LEVEL"]))
	}
	if (c.DovecotPasswd == "") != (c.DovecotMailRoot == "") {
		errs = append(errs, errors.New("MEKTEP_DOVECOT_PASSWD and MEKTEP_DOVECOT_MAIL_ROOT: set both or neither"))
	}
	d, err := time.ParseDuration(vals["MEKTEP_SHUTDOWN_TIMEOUT"])
	if err != nil || d <= 0 {
		errs = append(errs, fmt.Errorf("MEKTEP_SHUTDOWN_TIMEOUT: %q is not a positive duration like 20s", vals["MEKTEP_SHUTDOWN_TIMEOUT"]))
	}
	c.ShutdownTimeout = d
	if c.RepairGrace, err = time.ParseDuration(vals["MEKTEP_CONTENT_REPAIR_GRACE"]); err != nil || c.RepairGrace <= 0 {
		errs = append(errs, fmt.Errorf("MEKTEP_CONTENT_REPAIR_GRACE: %q is not a positive duration like 1m", vals["MEKTEP_CONTENT_REPAIR_GRACE"]))
	}
	for h := range strings.SplitSeq(vals["MEKTEP_DEMO_HOSTS"], ",") {
		if h = strings.TrimSpace(h); h != "" {
			c.DemoHosts = append(c.DemoHosts, h)
		}
	}
	for cidr := range strings.SplitSeq(vals["MEKTEP_TRUSTED_PROXIES"], ",") {
		if cidr = strings.TrimSpace(cidr); cidr == "" {
			continue
		}
		pfx, err := netip.ParsePrefix(cidr)
		if err != nil {
			errs = append(errs, fmt.Errorf("MEKTEP_TRUSTED_PROXIES: %q is not a CIDR like 10.0.0.0/8", cidr))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, pfx)
	}
	for cidr := range strings.SplitSeq(vals["MEKTEP_SYNDICATION_ALLOW_NETS"], ",") {
		if cidr = strings.TrimSpace(cidr); cidr == "" {
			continue
		}
		pfx, err := netip.ParsePrefix(cidr)
		if err != nil {
			errs = append(errs, fmt.Errorf("MEKTEP_SYNDICATION_ALLOW_NETS: %q is not a CIDR like 10.20.0.0/16", cidr))
			continue
		}
		c.SyndicationAllow = append(c.SyndicationAllow, pfx)
	}
	c.SyndicationKeys = map[string]string{}
	for pair := range strings.SplitSeq(vals["MEKTEP_SYNDICATION_KEYS"], ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		name, key, ok := strings.Cut(pair, "=")
		if !ok || name == "" || key == "" {
			errs = append(errs, errors.New("MEKTEP_SYNDICATION_KEYS: every entry must be name=key"))
			continue
		}
		c.SyndicationKeys[strings.TrimSpace(name)] = strings.TrimSpace(key)
	}
	for _, sz := range []struct {
		name string
		dst  *int64
	}{{"MEKTEP_MEDIA_MAX_SIZE", &c.MediaMaxFile}, {"MEKTEP_MEDIA_MAX_VIDEO_SIZE", &c.MediaMaxVideo}, {"MEKTEP_QUOTA_DEFAULT", &c.QuotaDefault}} {
		n, err := parseSize(vals[sz.name])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %q is not a size like 20MiB", sz.name, vals[sz.name]))
		}
		*sz.dst = n
	}
	for _, n := range []struct {
		name string
		dst  *int
	}{{"MEKTEP_WORKER_CACHE", &c.WorkerCache}, {"MEKTEP_WORKER_POLLERS", &c.WorkerPollers},
		{"MEKTEP_SYNDICATION_SHARDS", &c.SyndicationShards}} {
		v, err := strconv.Atoi(vals[n.name])
		if err != nil || v <= 0 {
			errs = append(errs, fmt.Errorf("%s: %q is not a positive number", n.name, vals[n.name]))
		}
		*n.dst = v
	}
	switch vals["MEKTEP_RATE_LIMITS"] {
	case "on":
		c.RateLimits = true
	case "off":
	default:
		errs = append(errs, fmt.Errorf("MEKTEP_RATE_LIMITS: %q is not on or off", vals["MEKTEP_RATE_LIMITS"]))
	}
	c.DNSServer = vals["MEKTEP_DNS_SERVER"]
	c.PlatformDomain = strings.ToLower(strings.Trim(vals["MEKTEP_PLATFORM_DOMAIN"], ". "))
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("MEKTEP_PUBLIC_URL: %q is not an http(s) URL", c.PublicURL))
	}
	if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		errs = append(errs, errors.New("DATABASE_URL: must be a postgres:// URL"))
	}
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		errs = append(errs, errors.New("MONGODB_URI: must start with mongodb:// or mongodb+srv://"))
	}
	if c.SMTPURL != "" && !strings.HasPrefix(c.SMTPURL, "smtp://") && !strings.HasPrefix(c.SMTPURL, "smtps://") {
		errs = append(errs, errors.New("SMTP_URL: must start with smtp:// or smtps://"))
	}
	if c.PayloadKeys != "" {
		if _, err := keyring.Parse(c.PayloadKeys); err != nil {
			errs = append(errs, fmt.Errorf("MEKTEP_PAYLOAD_KEYS: %w", err))
		}
	}
	if c.IdentityKey != "" {
		if k, err := base64.StdEncoding.DecodeString(c.IdentityKey); err != nil || len(k) < 32 {
			errs = append(errs, errors.New("MEKTEP_IDENTITY_KEY: must be at least 32 bytes in base64 (openssl rand -base64 32)"))
		}
	}
	if c.BootstrapToken != "" && len(c.BootstrapToken) < 24 {
		errs = append(errs, errors.New("MEKTEP_BOOTSTRAP_TOKEN: must be at least 24 characters"))
	}
	if _, err := strconv.Atoi(portOf(c.HTTPAddr)); err != nil {
		errs = append(errs, fmt.Errorf("MEKTEP_HTTP_ADDR: %q is not host:port", c.HTTPAddr))
	}
	return c, errors.Join(errs...)
}

// RequireServices checks the settings that `serve` and `worker` need but `dev` fills in.
func (c *Config) RequireServices() error {
	var errs []error
	if c.MongoURI == "" {
		errs = append(errs, errors.New("MONGODB_URI: required outside `mektep dev`"))
	}
	if c.SMTPURL == "" {
		errs = append(errs, errors.New("SMTP_URL: required outside `mektep dev`"))
	}
	if c.PayloadKeys == "" {
		errs = append(errs, errors.New("MEKTEP_PAYLOAD_KEYS: required outside `mektep dev` (Temporal payloads are encrypted)"))
	}
	if c.IdentityKey == "" {
		errs = append(errs, errors.New("MEKTEP_IDENTITY_KEY: required outside `mektep dev` (IINs are stored as keyed hashes)"))
	}
	return errors.Join(errs...)
}

func portOf(addr string) string {
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return ""
	}
	return addr[i+1:]
}

// parseSize reads a positive byte count: digits, optionally followed by KiB, MiB or GiB.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(v), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<50)/mult {
		return 0, errors.New("not a positive size")
	}
	return n * mult, nil
}

// loadBackup reads the MEKTEP_BACKUP_* variables.
func (c *Config) loadBackup(vals map[string]string) []error {
	var errs []error
	b := Backup{
		Store: vals["MEKTEP_BACKUP_STORE"], S3Endpoint: vals["MEKTEP_BACKUP_S3_ENDPOINT"], S3Region: vals["MEKTEP_BACKUP_S3_REGION"],
		S3AccessKey: vals["MEKTEP_BACKUP_S3_ACCESS_KEY"], S3SecretKey: vals["MEKTEP_BACKUP_S3_SECRET_KEY"],
		Schedule: vals["MEKTEP_BACKUP_SCHEDULE"], DrillSchedule: vals["MEKTEP_BACKUP_DRILL_SCHEDULE"],
		TimeZone: vals["MEKTEP_BACKUP_TIMEZONE"], PGBin: vals["MEKTEP_PG_BIN"],
		DrillDatabase: vals["MEKTEP_BACKUP_DRILL_DATABASE_URL"], DrillMongoDB: vals["MEKTEP_BACKUP_DRILL_MONGODB_DATABASE"],
	}
	loc, err := time.LoadLocation(b.TimeZone)
	if err != nil {
		errs = append(errs, fmt.Errorf("MEKTEP_BACKUP_TIMEZONE: %q is not a time zone like Asia/Almaty", b.TimeZone))
	}
	b.Location = loc
	for _, cr := range []struct{ name, val string }{{"MEKTEP_BACKUP_SCHEDULE", b.Schedule}, {"MEKTEP_BACKUP_DRILL_SCHEDULE", b.DrillSchedule}} {
		if len(strings.Fields(cr.val)) != 5 {
			errs = append(errs, fmt.Errorf("%s: %q is not a cron expression of five fields like \"0 2 * * *\"", cr.name, cr.val))
		}
	}
	parts := strings.Split(vals["MEKTEP_BACKUP_RETENTION"], ",")
	if len(parts) != 3 {
		errs = append(errs, fmt.Errorf("MEKTEP_BACKUP_RETENTION: %q is not daily,weekly,monthly like 7,4,12", vals["MEKTEP_BACKUP_RETENTION"]))
	} else {
		for i, p := range parts {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || n < 0 {
				errs = append(errs, fmt.Errorf("MEKTEP_BACKUP_RETENTION: %q is not a count", p))
			}
			b.Retention[i] = n
		}
	}
	for a := range strings.SplitSeq(vals["MEKTEP_BACKUP_ALERT_EMAILS"], ",") {
		if a = strings.TrimSpace(a); a != "" {
			b.AlertEmails = append(b.AlertEmails, a)
		}
	}
	if strings.HasPrefix(b.Store, "s3://") {
		if u, err := url.Parse(b.Store); err != nil || u.Host == "" {
			errs = append(errs, fmt.Errorf("MEKTEP_BACKUP_STORE: %q is not s3://bucket/prefix", b.Store))
		}
	} else if b.Store == "" {
		errs = append(errs, errors.New("MEKTEP_BACKUP_STORE: a directory or s3://bucket/prefix is required"))
	}
	c.Backup = b
	return errs
}
