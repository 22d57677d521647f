# Async-HDLC framing (RFC 1662) for test scripts that must write PPP frames the way pppd
# writes them onto a tty: flag, FCS-16, and escaping of flag, escape and every control
# character (the default ACCM, 0xffffffff, which is in force until LCP says otherwise).
# Source this file; bash only.

# hdlc_frame_escaped HEX-BYTE... → the framed bytes as a printf '%b' string ("\x7e\xff…").
hdlc_frame_escaped() {
  local fcs=0xffff byte bit out='\x7e' value
  local -a bytes=()
  for byte in "$@"; do
    value=$((16#$byte))
    bytes+=("$value")
    fcs=$((fcs ^ value))
    for ((bit = 0; bit < 8; bit++)); do
      if ((fcs & 1)); then fcs=$(((fcs >> 1) ^ 0x8408)); else fcs=$((fcs >> 1)); fi
    done
  done
  fcs=$((fcs ^ 0xffff))
  bytes+=($((fcs & 0xff)) $((fcs >> 8)))   # RFC 1662 §C.2: least significant octet first
  for value in "${bytes[@]}"; do
    if ((value < 0x20 || value == 0x7d || value == 0x7e)); then
      out+=$(printf '\\x7d\\x%02x' $((value ^ 0x20)))
    else
      out+=$(printf '\\x%02x' "$value")
    fi
  done
  printf '%s' "$out"'\x7e'
}
