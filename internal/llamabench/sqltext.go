package llamabench

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// SQL text is read one statement at a time, and each statement is checked
// before SQLite sees it: only the statements llama-bench writes are
// accepted,
//
//	CREATE TABLE [IF NOT EXISTS] llama_bench (column [type …], …);
//	INSERT INTO llama_bench [(column, …)] VALUES (literal, …)[, (…)…];
//
// where a literal is a string, a number (with a sign), NULL, TRUE, FALSE or
// a blob, plus BEGIN/COMMIT/END [TRANSACTION] and empty statements, which
// are skipped. Nothing else runs — no query, expression, function call,
// PRAGMA or ATTACH — so that running the text takes time and memory in
// proportion to its size, and cannot touch any file.

// A sqlToken is one token of SQL text.
type sqlToken struct {
	kind byte   // 'i' identifier or keyword, 's' string, 'n' number, 'b' blob, or the punctuation character itself
	text string // identifiers: unquoted; keywords compare case-insensitively
	line int
}

func (t sqlToken) is(kw string) bool { return t.kind == 'i' && strings.EqualFold(t.text, kw) }

// A sqlStatement is one statement of the text: its tokens, its text (to
// run) and the line where it starts.
type sqlStatement struct {
	tokens []sqlToken
	text   string
	line   int
	cut    bool // the input ended before its ';'
}

// A sqlSplitter reads statements from SQL text.
type sqlSplitter struct {
	r    *bufio.Reader
	name string
	line int // current line, 1-based
	buf  bytes.Buffer
}

func newSQLSplitter(r io.Reader, name string) *sqlSplitter {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	return &sqlSplitter{r: br, name: name, line: 1}
}

// next returns the next statement, io.EOF after the last one. A statement
// longer than MaxResult, or a token that does not end, is an error naming
// the line where the statement starts.
func (s *sqlSplitter) next() (*sqlStatement, error) {
	st := &sqlStatement{}
	s.buf.Reset()
	for {
		if s.buf.Len() > MaxResult {
			return nil, tooLong(s.name, st.line)
		}
		c, err := s.r.ReadByte()
		if err == io.EOF {
			if len(st.tokens) == 0 {
				return nil, io.EOF
			}
			st.text, st.cut = s.buf.String(), true
			return st, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", s.name, err)
		}
		switch {
		case c == '\n':
			s.line++
			s.buf.WriteByte(c)
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			s.buf.WriteByte(c)
		case c == '-' && s.peek() == '-':
			s.skipLine()
		case c == '/' && s.peek() == '*':
			if err := s.skipComment(); err != nil {
				return nil, err
			}
		case c == ';':
			if len(st.tokens) == 0 {
				continue // an empty statement
			}
			s.buf.WriteByte(c)
			st.text = s.buf.String()
			return st, nil
		default:
			if len(st.tokens) == 0 {
				st.line = s.line
			}
			tok, err := s.token(c)
			if err != nil {
				return nil, err
			}
			st.tokens = append(st.tokens, tok)
		}
	}
}

func (s *sqlSplitter) peek() byte {
	b, err := s.r.Peek(1)
	if err != nil {
		return 0
	}
	return b[0]
}

func (s *sqlSplitter) skipLine() {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return
		}
		if c == '\n' {
			s.line++
			s.buf.WriteByte('\n')
			return
		}
	}
}

func (s *sqlSplitter) skipComment() error {
	start := s.line
	s.r.ReadByte() // '*'
	prev := byte(0)
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return fmt.Errorf("%s:%d: comment does not end (file cut short?)", s.name, start)
		}
		if c == '\n' {
			s.line++
			s.buf.WriteByte('\n')
		}
		if prev == '*' && c == '/' {
			s.buf.WriteByte(' ')
			return nil
		}
		prev = c
	}
}

// token reads the token that starts with c, writing its text to s.buf.
func (s *sqlSplitter) token(c byte) (sqlToken, error) {
	tok := sqlToken{line: s.line}
	s.buf.WriteByte(c)
	switch {
	case c == '\'':
		text, err := s.quoted('\'')
		tok.kind, tok.text = 's', text
		return tok, err
	case c == '"' || c == '`':
		text, err := s.quoted(c)
		tok.kind, tok.text = 'i', text
		return tok, err
	case c == '[':
		text, err := s.quoted(']')
		tok.kind, tok.text = 'i', text
		return tok, err
	case (c == 'x' || c == 'X') && s.peek() == '\'':
		s.r.ReadByte()
		s.buf.WriteByte('\'')
		text, err := s.quoted('\'')
		tok.kind, tok.text = 'b', text
		return tok, err
	case isIdentStart(c):
		var b strings.Builder
		b.WriteByte(c)
		for isIdentPart(s.peek()) {
			c, _ := s.r.ReadByte()
			b.WriteByte(c)
			s.buf.WriteByte(c)
		}
		tok.kind, tok.text = 'i', b.String()
		return tok, nil
	case c >= '0' && c <= '9' || c == '.' && isDigit(s.peek()):
		var b strings.Builder
		b.WriteByte(c)
		for {
			p := s.peek()
			last := b.String()[b.Len()-1]
			if isIdentPart(p) || p == '.' || (p == '+' || p == '-') && (last == 'e' || last == 'E') {
				c, _ := s.r.ReadByte()
				b.WriteByte(c)
				s.buf.WriteByte(c)
				continue
			}
			break
		}
		tok.kind, tok.text = 'n', b.String()
		return tok, nil
	}
	tok.kind, tok.text = c, string(c)
	return tok, nil
}

// quoted reads the rest of a quoted token up to end (a doubled end is one
// end character).
func (s *sqlSplitter) quoted(end byte) (string, error) {
	start := s.line
	var b strings.Builder
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return "", fmt.Errorf("%s:%d: quoted text does not end (file cut short?)", s.name, start)
		}
		s.buf.WriteByte(c)
		if c == '\n' {
			s.line++
		}
		if c == end {
			if end != ']' && s.peek() == end {
				s.r.ReadByte()
				s.buf.WriteByte(c)
				b.WriteByte(c)
				continue
			}
			return b.String(), nil
		}
		if b.Len() > MaxResult {
			return "", tooLong(s.name, start)
		}
		b.WriteByte(c)
	}
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }
func isDigit(c byte) bool     { return c >= '0' && c <= '9' }

// errStatement is the refusal of a statement llama-bench does not write.
var errStatement = errors.New("only the statements llama-bench writes are accepted: CREATE TABLE " + Table + " (columns) and INSERT INTO " + Table + " … VALUES (literals)")

// check reports whether st is a statement to run (skip: BEGIN, COMMIT, END)
// or an error naming what in it is refused.
func (st *sqlStatement) check(name string) (run bool, err error) {
	p := &sqlParser{toks: st.tokens}
	refuse := func() (bool, error) {
		if st.cut && p.i == len(p.toks) {
			return false, fmt.Errorf("%s:%d: the statement that starts here is cut short (file cut short?)", name, st.line)
		}
		at := st.line
		if p.i < len(p.toks) {
			at = p.toks[p.i].line
		}
		found := "the end of the statement"
		if p.i < len(p.toks) {
			found = fmt.Sprintf("%q", p.toks[p.i].text)
			if len(found) > 40 {
				found = found[:40] + "…\""
			}
		}
		return false, fmt.Errorf("%s:%d: %v; found %s", name, at, errStatement, found)
	}
	switch {
	case p.kw("BEGIN"), p.kw("COMMIT"), p.kw("END"):
		p.kw("TRANSACTION")
		if !p.end() {
			return refuse()
		}
		return false, nil
	case p.kw("CREATE"):
		if !p.kw("TABLE") {
			return refuse()
		}
		if p.kw("IF") && !(p.kw("NOT") && p.kw("EXISTS")) {
			return refuse()
		}
		if !p.table() || !p.punct('(') {
			return refuse()
		}
		for {
			if !p.ident() {
				return refuse()
			}
			for p.ident() || p.typeSize() {
			}
			if p.punct(',') {
				continue
			}
			if !p.punct(')') || !p.end() {
				return refuse()
			}
			return true, nil
		}
	case p.kw("INSERT"):
		if !p.kw("INTO") || !p.table() {
			return refuse()
		}
		if p.punct('(') {
			for {
				if !p.ident() {
					return refuse()
				}
				if p.punct(',') {
					continue
				}
				if !p.punct(')') {
					return refuse()
				}
				break
			}
		}
		if !p.kw("VALUES") {
			return refuse()
		}
		for {
			if !p.punct('(') {
				return refuse()
			}
			for {
				if !p.literal() {
					return refuse()
				}
				if p.punct(',') {
					continue
				}
				if !p.punct(')') {
					return refuse()
				}
				break
			}
			if p.punct(',') {
				continue
			}
			if !p.end() {
				return refuse()
			}
			return true, nil
		}
	}
	return refuse()
}

type sqlParser struct {
	toks []sqlToken
	i    int
}

func (p *sqlParser) peek() (sqlToken, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return sqlToken{}, false
}

func (p *sqlParser) end() bool { return p.i == len(p.toks) }

func (p *sqlParser) kw(k string) bool {
	if t, ok := p.peek(); ok && t.is(k) {
		p.i++
		return true
	}
	return false
}

func (p *sqlParser) punct(c byte) bool {
	if t, ok := p.peek(); ok && t.kind == c {
		p.i++
		return true
	}
	return false
}

// table accepts the name of llama-bench's table, optionally as main.name.
func (p *sqlParser) table() bool {
	save := p.i
	if p.kw("main") && !p.punct('.') {
		p.i = save
	}
	if t, ok := p.peek(); ok && t.kind == 'i' && strings.EqualFold(t.text, Table) {
		p.i++
		return true
	}
	p.i = save
	return false
}

// sqlKeywords may not stand for a column name or a type: they would start
// a constraint or expression that the column list has no use for.
var sqlKeywords = map[string]bool{"DEFAULT": true, "CHECK": true, "GENERATED": true, "AS": true, "REFERENCES": true,
	"CONSTRAINT": true, "FOREIGN": true, "SELECT": true, "VALUES": true, "ON": true, "COLLATE": true}

func (p *sqlParser) ident() bool {
	if t, ok := p.peek(); ok && t.kind == 'i' && !sqlKeywords[strings.ToUpper(t.text)] {
		p.i++
		return true
	}
	return false
}

// typeSize accepts a type's size: (N) or (N, M).
func (p *sqlParser) typeSize() bool {
	save := p.i
	if p.punct('(') && p.number() && (!p.punct(',') || p.number()) && p.punct(')') {
		return true
	}
	p.i = save
	return false
}

func (p *sqlParser) number() bool {
	save := p.i
	if !p.punct('+') {
		p.punct('-')
	}
	if t, ok := p.peek(); ok && t.kind == 'n' {
		p.i++
		return true
	}
	p.i = save
	return false
}

func (p *sqlParser) literal() bool {
	t, ok := p.peek()
	switch {
	case !ok:
		return false
	case t.kind == 's' || t.kind == 'b' || t.is("NULL") || t.is("TRUE") || t.is("FALSE"):
		p.i++
		return true
	}
	return p.number()
}
