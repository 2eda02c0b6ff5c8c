// Package person turns an email address into the key under which everything a
// person left with the group is stored, so erasing someone finds all of it
// with one query, whether they joined, registered, spoke or were mentored.
package person

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Normalize returns the canonical form of an address: trimmed and lower case.
// Mailbox names are case-sensitive in theory and never in practice; treating
// Ali@Example.org and ali@example.org as two people would let one person
// register twice and hide data from an erase.
func Normalize(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// Key is the owner key of an address: "P#" and the SHA-256 of its normal form.
// It is stored on every item that holds the person's data.
func Key(email string) string {
	sum := sha256.Sum256([]byte(Normalize(email)))
	return "P#" + hex.EncodeToString(sum[:])
}

// CapKey is the key the daily email caps count an address under: "C#" and
// the SHA-256 of its mailbox, the address as a mail server delivers it,
// with what that server ignores taken out:
//
//   - the +tag, at every domain: ali+1@example.org and ali+2@example.org
//     are ali@example.org (a local part that starts with "+" is kept whole);
//   - for gmail.com and googlemail.com (one domain), the dots of the local
//     part: a.li@gmail.com is ali@gmail.com.
//
// Otherwise anyone could multiply a cap by tagging one address. A domain
// where "+" names another mailbox has its mailboxes share a cap, which only
// makes it stricter. The cap key is only ever counted: emails go to the
// address as given, and the person, whose data an erase removes, is Key.
func CapKey(email string) string {
	sum := sha256.Sum256([]byte(mailbox(email)))
	return "C#" + hex.EncodeToString(sum[:])
}

// mailbox is the normal form of an address with its +tag, and Gmail's dots,
// taken out (see CapKey).
func mailbox(email string) string {
	addr := Normalize(email)
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return addr
	}
	local, domain := addr[:at], addr[at+1:]
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = local[:i]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		if undotted := strings.ReplaceAll(local, ".", ""); undotted != "" {
			local = undotted
		}
	}
	return local + "@" + domain
}

// Redact returns a form of an address safe to log: the first letter and the
// domain ("a…@example.org"). Addresses are never logged in clear.
func Redact(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		return "…"
	}
	return email[:1] + "…" + email[at:]
}
