package edstest

import (
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"time"

	"github.com/mektep/mektep/sitecore/eds"
)

// Key usage bits (RFC 5280 section 4.2.1.3).
const (
	KUDigitalSignature = 1 << 0
	KUNonRepudiation   = 1 << 1
	KUKeyEncipherment  = 1 << 2
	KUCertSign         = 1 << 5
	KUCRLSign          = 1 << 6
)

// Extended key usages of NCA certificates.
var (
	EKUEmailProtection = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 4}
	EKUClientAuth      = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
	EKUTimeStamping    = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 8}
	EKUOCSPSigning     = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 9}
	EKUIndividual      = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 4, 1, 1}
	EKUOrganisation    = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 4, 1, 2}
)

var (
	oidCN           = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidSurname      = asn1.ObjectIdentifier{2, 5, 4, 4}
	oidSerialNumber = asn1.ObjectIdentifier{2, 5, 4, 5}
	oidCountry      = asn1.ObjectIdentifier{2, 5, 4, 6}
	oidOrg          = asn1.ObjectIdentifier{2, 5, 4, 10}
	oidOU           = asn1.ObjectIdentifier{2, 5, 4, 11}
	oidGivenName    = asn1.ObjectIdentifier{2, 5, 4, 42}
	oidExtKU        = asn1.ObjectIdentifier{2, 5, 29, 15}
	oidExtEKU       = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidExtBC        = asn1.ObjectIdentifier{2, 5, 29, 19}
	oidExtSKI       = asn1.ObjectIdentifier{2, 5, 29, 14}
	oidExtAKI       = asn1.ObjectIdentifier{2, 5, 29, 35}
	oidExtCRLDP     = asn1.ObjectIdentifier{2, 5, 29, 31}
	oidExtFreshest  = asn1.ObjectIdentifier{2, 5, 29, 46}
	oidExtAIA       = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}
	oidOCSPMethod   = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1}
)

// Template describes a certificate to issue. Zero fields take NCA-like defaults: one year
// of validity from an hour ago, digitalSignature + nonRepudiation, EKU emailProtection and
// "individual", subject C=KZ.
type Template struct {
	Kind       Kind // the key to generate
	CommonName string
	Surname    string
	GivenName  string // NCA puts the patronymic here
	IIN        string // 12 digits, written as SERIALNUMBER=IIN…
	BIN        string // 12 digits, written as OU=BIN…
	Org        string
	NotBefore  time.Time
	NotAfter   time.Time
	KeyUsage   int
	EKU        []asn1.ObjectIdentifier
	IsCA       bool
	CRL        []string // CRL distribution points
	DeltaCRL   []string // freshestCRL
	OCSP       []string
	Extra      []pkix.Extension // e.g. an unknown critical extension
	// Subject, when set, is used as the raw subject instead of the fields above (to copy
	// another certificate's name).
	Subject []byte
	// Key, when set, is used instead of generating one.
	Key *Key
}

// Holder is a key with its certificate.
type Holder struct {
	Key  *Key
	Cert *eds.Certificate
}

// NewRoot makes a self-signed root CA of the kind.
func NewRoot(kind Kind, name string) *Holder {
	key := NewKey(kind)
	tpl := Template{Kind: kind, CommonName: name, IsCA: true, Key: key,
		NotBefore: time.Now().Add(-24 * time.Hour * 365), NotAfter: time.Now().Add(24 * time.Hour * 365 * 10)}
	subject := tpl.subject()
	return issue(tpl, subject, key, key, subject, nil)
}

// Issue makes a certificate signed by h (which must be a CA).
func (h *Holder) Issue(tpl Template) *Holder {
	key := tpl.Key
	if key == nil {
		key = NewKey(tpl.Kind)
	}
	subject := tpl.Subject
	if subject == nil {
		subject = tpl.subject()
	}
	return issue(tpl, subject, key, h.Key, h.Cert.RawSubject, h.Cert.SubjectKeyId)
}

// Individual is the usual template of a person's signing certificate.
func Individual(kind Kind, iin, surname, name string) Template {
	return Template{Kind: kind, CommonName: surname + " " + name, Surname: surname,
		GivenName: name + "ОВИЧ", IIN: iin}
}

func (t Template) subject() []byte {
	var rdn pkix.RDNSequence
	add := func(oid asn1.ObjectIdentifier, v string) {
		if v != "" {
			rdn = append(rdn, pkix.RelativeDistinguishedNameSET{{Type: oid, Value: v}})
		}
	}
	add(oidCN, t.CommonName)
	add(oidSurname, t.Surname)
	if t.IIN != "" {
		add(oidSerialNumber, "IIN"+t.IIN)
	}
	add(oidCountry, "KZ")
	add(oidOrg, t.Org)
	if t.BIN != "" {
		add(oidOU, "BIN"+t.BIN)
	}
	add(oidGivenName, t.GivenName)
	return mustMarshal(rdn)
}

func issue(tpl Template, subject []byte, key, issuerKey *Key, issuer, issuerSKI []byte) *Holder {
	if tpl.NotBefore.IsZero() {
		tpl.NotBefore = time.Now().Add(-time.Hour)
	}
	if tpl.NotAfter.IsZero() {
		tpl.NotAfter = tpl.NotBefore.Add(365 * 24 * time.Hour)
	}
	spki := key.SubjectPublicKeyInfo()
	var spkiParsed struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(spki, &spkiParsed); err != nil {
		panic(err)
	}
	ski := sha1.Sum(spkiParsed.PublicKey.Bytes)
	if issuerSKI == nil {
		issuerSKI = ski[:]
	}
	exts := tpl.extensions(ski[:], issuerSKI)
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	tbs := mustMarshal(struct {
		Version    int `asn1:"explicit,tag:0"`
		Serial     *big.Int
		Algorithm  pkix.AlgorithmIdentifier
		Issuer     asn1.RawValue
		Validity   struct{ NotBefore, NotAfter time.Time }
		Subject    asn1.RawValue
		PublicKey  asn1.RawValue
		Extensions []pkix.Extension `asn1:"explicit,tag:3"`
	}{2, serial, issuerKey.SignatureAlgorithm(), asn1.RawValue{FullBytes: issuer},
		struct{ NotBefore, NotAfter time.Time }{tpl.NotBefore.UTC(), tpl.NotAfter.UTC()},
		asn1.RawValue{FullBytes: subject}, asn1.RawValue{FullBytes: spki}, exts})
	der := signed(tbs, issuerKey)
	c, err := eds.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	return &Holder{Key: key, Cert: c}
}

// signed wraps tbs with the algorithm and signature of key, the shape of certificates, CRLs
// and OCSP answers alike.
func signed(tbs []byte, key *Key) []byte {
	sig := key.Sign(tbs)
	return mustMarshal(struct {
		TBS       asn1.RawValue
		Algorithm pkix.AlgorithmIdentifier
		Signature asn1.BitString
	}{asn1.RawValue{FullBytes: tbs}, key.SignatureAlgorithm(), asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}})
}

func (t Template) extensions(ski, aki []byte) []pkix.Extension {
	ku := t.KeyUsage
	eku := t.EKU
	if t.IsCA {
		if ku == 0 {
			ku = KUCertSign | KUCRLSign
		}
	} else {
		if ku == 0 {
			ku = KUDigitalSignature | KUNonRepudiation
		}
		if eku == nil {
			eku = []asn1.ObjectIdentifier{EKUEmailProtection, EKUIndividual}
		}
	}
	exts := []pkix.Extension{{Id: oidExtKU, Critical: true, Value: keyUsage(ku)}}
	if len(eku) > 0 {
		exts = append(exts, pkix.Extension{Id: oidExtEKU, Value: mustMarshal(eku)})
	}
	if t.IsCA {
		exts = append(exts, pkix.Extension{Id: oidExtBC, Critical: true,
			Value: mustMarshal(struct{ IsCA bool }{true})})
	}
	exts = append(exts, pkix.Extension{Id: oidExtSKI, Value: mustMarshal(ski)},
		pkix.Extension{Id: oidExtAKI, Value: mustMarshal(struct {
			ID []byte `asn1:"tag:0"`
		}{aki})})
	if len(t.CRL) > 0 {
		exts = append(exts, pkix.Extension{Id: oidExtCRLDP, Value: distributionPoints(t.CRL)})
	}
	if len(t.DeltaCRL) > 0 {
		exts = append(exts, pkix.Extension{Id: oidExtFreshest, Value: distributionPoints(t.DeltaCRL)})
	}
	if len(t.OCSP) > 0 {
		type access struct {
			Method   asn1.ObjectIdentifier
			Location asn1.RawValue
		}
		var aia []access
		for _, u := range t.OCSP {
			aia = append(aia, access{oidOCSPMethod, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 6, Bytes: []byte(u)}})
		}
		exts = append(exts, pkix.Extension{Id: oidExtAIA, Value: mustMarshal(aia)})
	}
	return append(exts, t.Extra...)
}

func keyUsage(bits int) []byte {
	var b [2]byte
	n := 0
	for i := range 9 {
		if bits&(1<<i) != 0 {
			b[i/8] |= 0x80 >> (i % 8)
			n = i + 1
		}
	}
	return mustMarshal(asn1.BitString{Bytes: b[:(n+7)/8], BitLength: n})
}

func distributionPoints(urls []string) []byte {
	var names []asn1.RawValue
	for _, u := range urls {
		names = append(names, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 6, Bytes: []byte(u)})
	}
	type dpName struct {
		FullName []asn1.RawValue `asn1:"tag:0"`
	}
	type dp struct {
		Name dpName `asn1:"tag:0"`
	}
	return mustMarshal([]dp{{dpName{names}}})
}
