package apitest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"testing"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// Authenticator is a passkey authenticator in software, as a browser and
// a device together answer navigator.credentials.create and get: ES256
// keys, "none" attestation, discoverable credentials, the person present
// and verified. It signs for Origin; what it makes is real WebAuthn, which
// the server checks like any other.
type Authenticator struct {
	T      testing.TB
	Origin string
	// Counter makes each credential count its signatures (from 1); without
	// it every count is 0, as most passkey providers send.
	Counter bool
	// Credentials are the passkeys it holds, newest last.
	Credentials []*SoftCredential
}

// SoftCredential is one passkey an Authenticator holds.
type SoftCredential struct {
	ID, UserHandle []byte
	RPID           string
	Key            *ecdsa.PrivateKey
	Count          uint32
}

// NewAuthenticator is an authenticator for the site at origin.
func NewAuthenticator(t testing.TB, origin string) *Authenticator {
	return &Authenticator{T: t, Origin: origin}
}

// Flags of authenticator data.
const (
	flagPresent  = 0x01
	flagVerified = 0x04
	flagAttested = 0x40
)

// b64 is unpadded base64url, as WebAuthn's JSON carries bytes.
var b64 = base64.RawURLEncoding

// Create answers the registration options (the server's JSON): a new
// credential, as the console's script posts it.
func (a *Authenticator) Create(options []byte) json.RawMessage {
	a.T.Helper()
	var o struct {
		PublicKey struct {
			Challenge string `json:"challenge"`
			RP        struct {
				ID string `json:"id"`
			} `json:"rp"`
			User struct {
				ID string `json:"id"`
			} `json:"user"`
		} `json:"publicKey"`
	}
	a.must(json.Unmarshal(options, &o))
	handle, err := b64.DecodeString(o.PublicKey.User.ID)
	a.must(err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	a.must(err)
	c := &SoftCredential{ID: make([]byte, 16), UserHandle: handle, RPID: o.PublicKey.RP.ID, Key: key}
	_, err = rand.Read(c.ID)
	a.must(err)
	a.Credentials = append(a.Credentials, c)

	point, err := key.PublicKey.Bytes() // 0x04 || X || Y
	a.must(err)
	cose, err := webauthncbor.Marshal(webauthncose.EC2PublicKeyData{
		PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.EllipticKey), Algorithm: int64(webauthncose.AlgES256)},
		Curve:         1, XCoord: point[1:33], YCoord: point[33:],
	})
	a.must(err)
	data := a.authData(c, flagPresent|flagVerified|flagAttested)
	data = append(data, make([]byte, 16)...) // AAGUID: none
	data = binary.BigEndian.AppendUint16(data, uint16(len(c.ID)))
	data = append(append(data, c.ID...), cose...)
	object, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": data})
	a.must(err)
	return a.credential(c, map[string]any{
		"clientDataJSON":    b64.EncodeToString(a.clientData("webauthn.create", o.PublicKey.Challenge)),
		"attestationObject": b64.EncodeToString(object),
		"transports":        []string{"internal"},
	})
}

// Get answers the sign-in options with the newest credential it holds.
func (a *Authenticator) Get(options []byte) json.RawMessage {
	a.T.Helper()
	if len(a.Credentials) == 0 {
		a.T.Fatal("the authenticator holds no credential")
	}
	return a.GetWith(a.Credentials[len(a.Credentials)-1], options)
}

// GetWith answers the sign-in options with credential c.
func (a *Authenticator) GetWith(c *SoftCredential, options []byte) json.RawMessage {
	a.T.Helper()
	var o struct {
		PublicKey struct {
			Challenge string `json:"challenge"`
		} `json:"publicKey"`
	}
	a.must(json.Unmarshal(options, &o))
	if a.Counter {
		c.Count++
	}
	data := a.authData(c, flagPresent|flagVerified)
	client := a.clientData("webauthn.get", o.PublicKey.Challenge)
	hash := sha256.Sum256(client)
	digest := sha256.Sum256(append(append([]byte{}, data...), hash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, c.Key, digest[:])
	a.must(err)
	return a.credential(c, map[string]any{
		"clientDataJSON":    b64.EncodeToString(client),
		"authenticatorData": b64.EncodeToString(data),
		"signature":         b64.EncodeToString(sig),
		"userHandle":        b64.EncodeToString(c.UserHandle),
	})
}

// authData is the authenticator data's fixed part: the relying party's
// hash, the flags and the counter.
func (a *Authenticator) authData(c *SoftCredential, flags byte) []byte {
	rp := sha256.Sum256([]byte(c.RPID))
	return binary.BigEndian.AppendUint32(append(rp[:], flags), c.Count)
}

// clientData is the client data a browser at Origin signs.
func (a *Authenticator) clientData(kind, challenge string) []byte {
	b, err := json.Marshal(map[string]any{"type": kind, "challenge": challenge, "origin": a.Origin, "crossOrigin": false})
	a.must(err)
	return b
}

// credential is a PublicKeyCredential as JSON.
func (a *Authenticator) credential(c *SoftCredential, response map[string]any) json.RawMessage {
	b, err := json.Marshal(map[string]any{
		"id": b64.EncodeToString(c.ID), "rawId": b64.EncodeToString(c.ID), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{}, "response": response,
	})
	a.must(err)
	return b
}

func (a *Authenticator) must(err error) {
	a.T.Helper()
	if err != nil {
		a.T.Fatal(err)
	}
}
