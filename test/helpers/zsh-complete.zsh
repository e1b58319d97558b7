# zsh -f zsh-complete.zsh LINE: what an interactive zsh offers for LINE<TAB>, for completion tests
# (test/helpers/completion-shells.ts). An interactive `zsh -f -i` runs on a pty (zpty): compinit
# with $CX_TEST_FPATH first on $fpath (its dump file $CX_TEST_ZCOMPDUMP, as a user's ~/.zcompdump,
# or none), then $CX_TEST_SOURCE sourced if set; TAB is complete-word;
# compadd is wrapped to print each match zsh would add (after its own matching) as `MATCH:WORD`;
# a NUL line before and after the completion widget lets this driver cut out what the widget wrote
# to the terminal, so anything else there (an error from a completion function) is seen too. The
# inner shell exits after one completion. Adapted from Valodim's zsh-capture-completion.
zmodload zsh/zpty || exit 3
tmp=$(mktemp -d) || exit 3
trap 'rm -rf -- $tmp' EXIT
cat > $tmp/init.zsh <<'EOF'
PROMPT= RPROMPT= PS2=
unsetopt zle_bracketed_paste 2>/dev/null
fpath=($CX_TEST_FPATH $fpath)
autoload -Uz compinit
if [[ -n $CX_TEST_ZCOMPDUMP ]]; then compinit -u -d $CX_TEST_ZCOMPDUMP; else compinit -u -D; fi
[[ -n $CX_TEST_SOURCE ]] && source $CX_TEST_SOURCE
bindkey '^M' undefined
bindkey '^J' undefined
bindkey '^I' complete-word
null-line () { echo -E - $'\0' }
compprefuncs=( null-line )
comppostfuncs=( null-line exit )
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
zstyle ':completion:*' list-separator ''
zmodload zsh/zutil
compadd () {
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
        builtin compadd "$@"
        return $?
    fi
    typeset -a __hits __dscr __tmp
    if (( $@[(I)-d] )); then
        __tmp=${@[$[${@[(i)-d]}+1]]}
        if [[ $__tmp == \(* ]]; then eval "__dscr=$__tmp"; else __dscr=( "${(@P)__tmp}" ); fi
    fi
    builtin compadd -A __hits -D __dscr "$@"
    setopt localoptions norcexpandparam extendedglob
    typeset -A apre hpre hsuf asuf
    zparseopts -E P:=apre p:=hpre S:=asuf s:=hsuf
    [[ -n $__hits ]] || return
    local i
    for i in {1..$#__hits}; do
        echo -E - "MATCH:$IPREFIX$apre$hpre$__hits[$i]$hsuf$asuf"
    done
}
echo init-ok
EOF
zpty z zsh -f -i
zpty -w z "source ${(q)tmp}/init.zsh"
local line
repeat 50; do
    zpty -r z line || break
    [[ $line == init-ok* ]] && break
done
[[ $line == init-ok* ]] || { print -u2 "zsh did not start: $line"; exit 2 }
zpty -w z "$1"$'\t'
integer tog=0
while zpty -r z; do :; done | while IFS= read -r line; do
    line=${line%$'\r'}
    if [[ $line == *$'\0' ]]; then
        (( tog++ )) && exit 0 || continue
    fi
    (( tog )) && print -r -- "$line"
done
