# SPDX-License-Identifier: BSD-3-Clause
# bash completion for pwpol(1): every command, subcommand and option of
# cli/pwpol.c's commands[] table, cli/config.c, cli/store.c and
# cli/import.c. Account names are offered from the system's users (the
# store is root's and is not read here).

_pwpol()
{
	local cur prev words cword
	_init_completion || return

	local globals='--db --config --json --quiet --now --as --help --version'
	local commands='check hash generate username-check init useradd userdel passwd login unlock
		enable disable usermod show config import web store help'

	# The option before the word, when it takes an argument.
	case $prev in
	--db | --config | --import-hash | --file | --tls-cert | --tls-key | --token-file)
		_filedir
		return
		;;
	--now | --rounds | --idle-timeout | --confirmed | -m | --listen | --server-name | --count)
		return
		;;
	--as)
		COMPREPLY=($(compgen -u -- "$cur"))
		return
		;;
	--format)
		COMPREPLY=($(compgen -W 'sha512 sha256 sha1 sha2 yescrypt bcrypt' -- "$cur"))
		return
		;;
	--class)
		COMPREPLY=($(compgen -W 'super-user operator read-only unauthorized' -- "$cur"))
		return
		;;
	--against)
		COMPREPLY=($(compgen -W 'nist-800-63b stig-rhel9 stig-srx-ndm' -- "$cur"))
		return
		;;
	esac

	# The command: the first word that is not a global option or its value.
	local i cmd='' sub='' ci=0
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--db | --config | --now | --as) ((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=${words[i]}
				ci=$i
			elif [[ -z $sub ]]; then
				sub=${words[i]}
			fi
			;;
		esac
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$globals" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	local opts='' names=''
	case $cmd in
	check) opts='--user --score' ;;
	generate) opts='--user --count --passphrase' ;;
	hash) opts='--format --rounds --user --no-check' ;;
	username-check) ;;
	init) opts='--force --password-hash --import-hash --factory-default' ;;
	useradd) opts='--class --unix --import-hash --batch' names=1 ;;
	userdel) opts='--unix' names=1 ;;
	passwd) opts='--reset --import-hash --batch' names=1 ;;
	login | unlock | enable | disable | show) names=1 ;;
	usermod) opts='--class' names=1 ;;
	web) opts='--listen --server-name --token-file --tls-cert --tls-key --idle-timeout' ;;
	config)
		if [[ -z $sub ]]; then
			COMPREPLY=($(compgen -W 'check show commit confirm history rollback compare' -- "$cur"))
			return
		fi
		case $sub in
		check) opts='--against' ;;
		show) opts='--sources --set' ;;
		commit) opts='-m --merge --confirmed' ;;
		rollback) opts='-m --confirmed' ;;
		compare) ;;
		*) return ;;
		esac
		[[ $cur != -* && $sub =~ ^(check|commit|compare)$ ]] && _filedir
		;;
	import)
		if [[ -z $sub ]]; then
			COMPREPLY=($(compgen -W 'shadow' -- "$cur"))
			return
		fi
		opts='--file' names=1
		;;
	store)
		if [[ -z $sub ]]; then
			COMPREPLY=($(compgen -W 'copy check' -- "$cur"))
			return
		fi
		[[ $sub == copy ]] && opts='--merge' && [[ $cur != -* ]] && _filedir
		;;
	*) return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY+=($(compgen -W "$opts $globals" -- "$cur"))
	elif [[ -n $names ]]; then
		COMPREPLY+=($(compgen -u -- "$cur"))
	fi
} &&
	complete -F _pwpol pwpol
