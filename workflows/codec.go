package workflows

import (
	"go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/sitecore/keyring"
)

// Payload encryption: every payload a Mektep client or worker hands to Temporal (workflow
// inputs and results, activity arguments, updates, signals, memos, failure details) is
// sealed with AES-256-GCM, so Temporal's database, its UI and its backups hold ciphertext.
// Secrets never travel through Temporal at all (emails go through the spool, see email.go);
// the codec protects the personal data that must (names in notifications, ticket text).
const (
	// EncodingEncrypted marks a sealed payload; its data is nonce‖ciphertext of the whole
	// original payload (metadata included).
	EncodingEncrypted = "binary/encrypted"
	// MetadataKeyID names the key that sealed a payload, so rotated keys still open it.
	MetadataKeyID = "encryption-key-id"
)

// Codec is the payload codec over a key ring. Payloads that are not sealed (histories
// written before encryption was turned on) pass through Decode unchanged.
type Codec struct {
	Ring *keyring.Ring
}

// Encode seals each payload with the ring's current key.
func (c *Codec) Encode(payloads []*common.Payload) ([]*common.Payload, error) {
	out := make([]*common.Payload, len(payloads))
	for i, p := range payloads {
		raw, err := p.Marshal()
		if err != nil {
			return nil, err
		}
		id, sealed := c.Ring.Seal(raw, []byte(EncodingEncrypted))
		out[i] = &common.Payload{
			Metadata: map[string][]byte{converter.MetadataEncoding: []byte(EncodingEncrypted), MetadataKeyID: []byte(id)},
			Data:     sealed,
		}
	}
	return out, nil
}

// Decode opens sealed payloads with the key each names.
func (c *Codec) Decode(payloads []*common.Payload) ([]*common.Payload, error) {
	out := make([]*common.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != EncodingEncrypted {
			out[i] = p
			continue
		}
		raw, err := c.Ring.Open(string(p.Metadata[MetadataKeyID]), p.Data, []byte(EncodingEncrypted))
		if err != nil {
			return nil, err
		}
		out[i] = &common.Payload{}
		if err := out[i].Unmarshal(raw); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DataConverter is the converter every Mektep client and worker uses: the default JSON
// converter, sealed by the ring. A nil ring means no encryption (tests of the codec itself).
func DataConverter(ring *keyring.Ring) converter.DataConverter {
	if ring == nil {
		return converter.GetDefaultDataConverter()
	}
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), &Codec{Ring: ring})
}

// FailureConverter moves failure messages and stack traces into an encoded attribute, so
// an error that quotes a name or an address is sealed like any other payload.
func FailureConverter(ring *keyring.Ring) converter.FailureConverter {
	if ring == nil {
		return temporal.GetDefaultFailureConverter()
	}
	return temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
		DataConverter: DataConverter(ring), EncodeCommonAttributes: true})
}
