using System.Text;

namespace Fleet.Firmware.Protocol
{
    /// <summary>
    /// A forward-only reader over JSON text for the hand-written parsers: strings, number tokens,
    /// and skipping whole values. Methods return false or null on malformed input instead of throwing.
    /// </summary>
    public sealed class JsonCursor
    {
        private readonly string _text;
        private int _pos;

        /// <summary>Starts reading at the beginning of <paramref name="text"/>.</summary>
        public JsonCursor(string text)
        {
            _text = text ?? string.Empty;
        }

        /// <summary>True when all text has been read.</summary>
        public bool AtEnd
        {
            get { return _pos >= _text.Length; }
        }

        /// <summary>The next character, or '\0' at the end.</summary>
        public char Peek()
        {
            return _pos < _text.Length ? _text[_pos] : '\0';
        }

        /// <summary>Skips JSON whitespace.</summary>
        public void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }

                _pos++;
            }
        }

        /// <summary>Consumes <paramref name="c"/> when it is next.</summary>
        public bool TryConsume(char c)
        {
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        /// <summary>True when a number starts here.</summary>
        public bool IsNumberStart()
        {
            char c = Peek();
            return c == '-' || (c >= '0' && c <= '9');
        }

        /// <summary>Reads the characters of a number token, unvalidated.</summary>
        public string ReadNumberToken()
        {
            int start = _pos;
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')
                {
                    _pos++;
                }
                else
                {
                    break;
                }
            }

            return _text.Substring(start, _pos - start);
        }

        /// <summary>Reads a string literal with its escapes resolved, or returns null when there is none.</summary>
        public string ReadString()
        {
            if (!TryConsume('"'))
            {
                return null;
            }

            StringBuilder sb = new StringBuilder();
            while (_pos < _text.Length)
            {
                char c = _text[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (_pos >= _text.Length)
                {
                    return null;
                }

                char e = _text[_pos++];
                if (e == 'n')
                {
                    sb.Append('\n');
                }
                else if (e == 't')
                {
                    sb.Append('\t');
                }
                else if (e == 'r')
                {
                    sb.Append('\r');
                }
                else if (e == 'b')
                {
                    sb.Append('\b');
                }
                else if (e == 'f')
                {
                    sb.Append('\f');
                }
                else if (e == 'u')
                {
                    int code = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        int d = _pos < _text.Length ? HexValue(_text[_pos]) : -1;
                        if (d < 0)
                        {
                            return null;
                        }

                        code = (code * 16) + d;
                        _pos++;
                    }

                    sb.Append((char)code);
                }
                else
                {
                    sb.Append(e);
                }
            }

            return null;
        }

        /// <summary>Skips one value of any type (nested objects and arrays included).</summary>
        public bool SkipValue()
        {
            SkipWhitespace();
            char c = Peek();
            if (c == '"')
            {
                return ReadString() != null;
            }

            if (IsNumberStart())
            {
                return ReadNumberToken().Length > 0;
            }

            if (c == '{' || c == '[')
            {
                char close = c == '{' ? '}' : ']';
                _pos++;
                SkipWhitespace();
                if (TryConsume(close))
                {
                    return true;
                }

                while (true)
                {
                    SkipWhitespace();
                    if (c == '{')
                    {
                        if (ReadString() == null)
                        {
                            return false;
                        }

                        SkipWhitespace();
                        if (!TryConsume(':'))
                        {
                            return false;
                        }
                    }

                    if (!SkipValue())
                    {
                        return false;
                    }

                    SkipWhitespace();
                    if (TryConsume(close))
                    {
                        return true;
                    }

                    if (!TryConsume(','))
                    {
                        return false;
                    }
                }
            }

            return TryWord("true") || TryWord("false") || TryWord("null");
        }

        private bool TryWord(string word)
        {
            if (_pos + word.Length > _text.Length)
            {
                return false;
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (_text[_pos + i] != word[i])
                {
                    return false;
                }
            }

            _pos += word.Length;
            return true;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
