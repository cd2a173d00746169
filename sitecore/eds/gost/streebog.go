package gost

import (
	"encoding/binary"
	"hash"
)

// Streebog block and digest sizes in bytes.
const (
	BlockSize    = 64
	Size512      = 64
	Size256      = 32
	bitsPerBlock = 512
)

type block = [8]uint64

// digest is the running state of a Streebog hash: the chaining value h, the processed bit
// count n and the checksum sigma, with the bytes of an unfinished block in buf.
type digest struct {
	size   int
	h      block
	n      block
	sigma  block
	buf    [BlockSize]byte
	buffed int
}

// NewStreebog512 returns a hash.Hash computing Streebog-512 (GOST R 34.11-2012, 512 bits).
func NewStreebog512() hash.Hash { d := &digest{size: Size512}; d.Reset(); return d }

// NewStreebog256 returns a hash.Hash computing Streebog-256 (GOST R 34.11-2012, 256 bits).
func NewStreebog256() hash.Hash { d := &digest{size: Size256}; d.Reset(); return d }

// Streebog512 returns the Streebog-512 digest of data.
func Streebog512(data []byte) []byte { h := NewStreebog512(); h.Write(data); return h.Sum(nil) }

// Streebog256 returns the Streebog-256 digest of data.
func Streebog256(data []byte) []byte { h := NewStreebog256(); h.Write(data); return h.Sum(nil) }

func (d *digest) Size() int      { return d.size }
func (d *digest) BlockSize() int { return BlockSize }

// Reset sets the initial chaining value: all zero bits for 512, all bytes 0x01 for 256.
func (d *digest) Reset() {
	var iv uint64
	if d.size == Size256 {
		iv = 0x0101010101010101
	}
	for i := range d.h {
		d.h[i] = iv
	}
	d.n, d.sigma, d.buffed = block{}, block{}, 0
}

// Write hashes p. Every full block is compressed at once: the standard compresses blocks
// while at least 512 bits remain, so a message of whole blocks ends with an empty padded one.
func (d *digest) Write(p []byte) (int, error) {
	written := len(p)
	if d.buffed > 0 {
		c := copy(d.buf[d.buffed:], p)
		d.buffed += c
		p = p[c:]
		if d.buffed < BlockSize {
			return written, nil
		}
		d.compressBlock(load(d.buf[:]), bitsPerBlock)
		d.buffed = 0
	}
	for len(p) >= BlockSize {
		d.compressBlock(load(p[:BlockSize]), bitsPerBlock)
		p = p[BlockSize:]
	}
	d.buffed = copy(d.buf[:], p)
	return written, nil
}

// Sum appends the digest to b without changing the state.
func (d *digest) Sum(b []byte) []byte {
	c := *d
	var last [BlockSize]byte
	copy(last[:], c.buf[:c.buffed])
	last[c.buffed] = 0x01
	c.compressBlock(load(last[:]), uint64(8*c.buffed))
	c.h = g(&block{}, &c.h, &c.n)
	c.h = g(&block{}, &c.h, &c.sigma)
	var out [Size512]byte
	for i, w := range c.h {
		binary.LittleEndian.PutUint64(out[8*i:], w)
	}
	return append(b, out[Size512-c.size:]...)
}

// compressBlock runs one step of stage 2 (or of stage 3 for the padded last block): the
// chaining value, the bit count and the checksum all take in the block m of bits bits.
func (d *digest) compressBlock(m block, bits uint64) {
	d.h = g(&d.n, &d.h, &m)
	add512(&d.n, &block{bits})
	add512(&d.sigma, &m)
}

// g is the compression function g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m.
func g(n, h, m *block) block {
	var k block
	for i := range k {
		k[i] = h[i] ^ n[i]
	}
	k = lpsx(&k)
	state := *m
	for i := range 12 {
		for j := range state {
			state[j] ^= k[j]
		}
		state = lpsx(&state)
		for j := range k {
			k[j] ^= roundC[i][j]
		}
		k = lpsx(&k)
	}
	for i := range state {
		state[i] ^= k[i] ^ h[i] ^ m[i]
	}
	return state
}

// lpsx applies the transformations S, P and L to x with the precomputed tables.
func lpsx(x *block) block {
	var out block
	for i := range out {
		sh := uint(8 * i)
		out[i] = lps[0][byte(x[0]>>sh)] ^ lps[1][byte(x[1]>>sh)] ^ lps[2][byte(x[2]>>sh)] ^
			lps[3][byte(x[3]>>sh)] ^ lps[4][byte(x[4]>>sh)] ^ lps[5][byte(x[5]>>sh)] ^
			lps[6][byte(x[6]>>sh)] ^ lps[7][byte(x[7]>>sh)]
	}
	return out
}

// add512 sets a to a + b modulo 2^512.
func add512(a, b *block) {
	var carry uint64
	for i := range a {
		s := a[i] + b[i]
		c := uint64(0)
		if s < a[i] {
			c = 1
		}
		s2 := s + carry
		if s2 < s {
			c = 1
		}
		a[i], carry = s2, c
	}
}

func load(p []byte) block {
	var m block
	for i := range m {
		m[i] = binary.LittleEndian.Uint64(p[8*i:])
	}
	return m
}
