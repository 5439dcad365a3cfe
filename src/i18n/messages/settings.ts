import { defineMessages } from '../catalogue';

/**
 * `/settings` (issue 19): refusals and input errors at the acknowledgement, the instructions form,
 * what each change did, and `/settings show`. `{channel}`, `{role}` and `{since}` are Discord
 * mentions and timestamps made by the caller.
 */
export const settingsText = defineMessages(
  'settings',
  {
    refused:
      "Only members with the **Manage Server** permission can change the bot's settings. Ask a moderator.",
    unknownSubcommand:
      'Use one of the `/settings` subcommands: show, help-channel, helper-role, exclude-channel, instructions, when-unsure, digest.',
    helpChannelType: 'A help channel must be a text, announcement or forum channel.',
    helperRoleUsage:
      'Give either `role:` (the role "Ask a human" pings) or `clear:True` (no helper role), not both.',
    helperRoleEveryone: 'The helper role cannot be @everyone: pick the role of your helpers.',
    digestUsage: 'Give `channel:` (where the weekly digest goes) or `enabled:False` (no digest).',
    digestType: 'The digest can go to a text or announcement channel.',
    whenUnsureUsage: 'Choose `mode:` silent or say.',
    instructionsTooLong:
      'The instructions are too long: {length, number} characters, and at most {max, number} fit.',
    modalTitle: 'Extra instructions for answers',
    modalLabel: 'Guidance the bot follows (empty clears it)',
    modalPlaceholder: 'e.g. Answer in a friendly tone. For billing, point people to #billing-help.',
    failed: "I couldn't change the settings right now (my database is unavailable). Please try again later.",
    unchanged: 'Nothing changed: that was already the setting.',
    helpChannelOnPosts:
      "Now watching {channel}: I'll answer new posts there (only those created from now on), in the post, with sources and buttons to ask a human or mark it solved.",
    helpChannelOnQuestions:
      "Now watching {channel}: I'll answer new questions there (only those asked from now on), as replies, with sources and buttons to ask a human or mark it solved.",
    helpChannelOff: 'Stopped watching {channel}.',
    noBotToken:
      '⚠️ The bot has no bot token (DISCORD_BOT_TOKEN), so it cannot read help channels: ask the operator to set it.',
    helperRoleSet: '"Ask a human" now pings {role}.',
    helperRoleCleared: 'No helper role: "Ask a human" asks for help without pinging a role.',
    excluded:
      '{channel} is now excluded: it is never indexed or cited, and {removed, plural, one {# stored message} other {# stored messages}} left the index.',
    included: '{channel} is no longer excluded: the next index run reads its history again.',
    vectorsPending:
      'The search index (Chroma) could not be updated right now; the next index run removes the rest.',
    instructionsSet:
      'Saved: answers now follow your guidance ({length, plural, one {# character} other {# characters}}). It never overrides who may read what.',
    instructionsCleared: 'Cleared: answers follow no extra guidance.',
    whenUnsureSilent: 'In help channels, I now stay silent when I find nothing relevant.',
    whenUnsureSay: 'In help channels, I now say so when I find nothing relevant.',
    digestSet: 'The weekly insights digest now goes to {channel}.',
    digestOff: 'No weekly insights digest.',
    channelExcluded: "{channel} is excluded from my index by this server's moderators, so I can't search it.",
    showTitle: "**This server's settings**",
    showHelpChannels: '🆘 Help channels: {list}',
    showNone: 'none',
    showHelpChannelPosts: '{channel} (posts since {since})',
    showHelpChannelQuestions: '{channel} (questions since {since})',
    showPollError: '⚠️ {what}: the last look failed ({error})',
    showForums: 'the forums',
    showHelperRole: '🙋 Helper role ("Ask a human"): {role}',
    showExcluded: '🚫 Never indexed or cited: {list}',
    showInstructions: '📝 Extra instructions ({length, plural, one {# character} other {# characters}}):',
    showNoInstructions: '📝 Extra instructions: none (`/settings instructions`)',
    showWhenUnsureSilent: '🤷 When nothing relevant is found in a help channel: stay silent',
    showWhenUnsureSay: '🤷 When nothing relevant is found in a help channel: say so',
    showOperatorDefault: "(the operator's default)",
    showDigest: '📬 Weekly digest: {channel}',
    showDigestOff: '📬 Weekly digest: off',
    showChanges: '🕘 Last changes:',
    showEmptyValue: '(none)',
  },
  {
    'en-GB': {},
    de: {
      refused:
        'Nur Mitglieder mit der Berechtigung **Server verwalten** können die Einstellungen des Bots ändern. Frag eine Moderatorin oder einen Moderator.',
      unknownSubcommand:
        'Nutze einen der Unterbefehle von `/einstellungen`: anzeigen, hilfekanal, helferrolle, kanal-ausschließen, anweisungen, wenn-unsicher, zusammenfassung.',
      helpChannelType: 'Ein Hilfekanal muss ein Text-, Ankündigungs- oder Forumkanal sein.',
      helperRoleUsage:
        'Gib entweder `rolle:` an (die Rolle, die „Einen Menschen fragen“ anpingt) oder `entfernen:True` (keine Helferrolle), nicht beides.',
      helperRoleEveryone: 'Die Helferrolle kann nicht @everyone sein: Wähle die Rolle deiner Helfer.',
      digestUsage:
        'Gib `kanal:` an (wohin die wöchentliche Zusammenfassung geht) oder `aktiv:False` (keine Zusammenfassung).',
      digestType: 'Die Zusammenfassung kann in einen Text- oder Ankündigungskanal gehen.',
      whenUnsureUsage: 'Wähle bei `modus:` still bleiben oder es sagen.',
      instructionsTooLong:
        'Die Anweisungen sind zu lang: {length, number} Zeichen, höchstens {max, number} passen.',
      modalTitle: 'Zusätzliche Anweisungen für Antworten',
      modalLabel: 'Vorgaben für den Bot (leer = löschen)',
      modalPlaceholder: 'z. B. Antworte freundlich. Bei Rechnungsfragen verweise auf #rechnungen.',
      failed:
        'Ich konnte die Einstellungen gerade nicht ändern (meine Datenbank ist nicht verfügbar). Bitte versuch es später noch einmal.',
      unchanged: 'Nichts geändert: Das war schon die Einstellung.',
      helpChannelOnPosts:
        'Ich beobachte jetzt {channel}: Neue Beiträge dort (nur ab jetzt erstellte) beantworte ich im Beitrag, mit Quellen und Knöpfen, um einen Menschen zu fragen oder ihn als gelöst zu markieren.',
      helpChannelOnQuestions:
        'Ich beobachte jetzt {channel}: Neue Fragen dort (nur ab jetzt gestellte) beantworte ich als Antwort darauf, mit Quellen und Knöpfen, um einen Menschen zu fragen oder sie als gelöst zu markieren.',
      helpChannelOff: 'Ich beobachte {channel} nicht mehr.',
      noBotToken:
        '⚠️ Der Bot hat kein Bot-Token (DISCORD_BOT_TOKEN) und kann deshalb keine Hilfekanäle lesen: Bitte den Betreiber, es zu setzen.',
      helperRoleSet: '„Einen Menschen fragen“ pingt jetzt {role} an.',
      helperRoleCleared:
        'Keine Helferrolle: „Einen Menschen fragen“ bittet um Hilfe, ohne eine Rolle anzupingen.',
      excluded:
        '{channel} ist jetzt ausgeschlossen: Er wird nie indexiert oder zitiert, und {removed, plural, one {# gespeicherte Nachricht hat} other {# gespeicherte Nachrichten haben}} den Index verlassen.',
      included: '{channel} ist nicht mehr ausgeschlossen: Der nächste Indexlauf liest seinen Verlauf wieder.',
      vectorsPending:
        'Der Suchindex (Chroma) konnte gerade nicht aktualisiert werden; der nächste Indexlauf entfernt den Rest.',
      instructionsSet:
        'Gespeichert: Antworten folgen jetzt deinen Vorgaben ({length, plural, one {# Zeichen} other {# Zeichen}}). Sie ändern nie, wer was lesen darf.',
      instructionsCleared: 'Gelöscht: Antworten folgen keinen zusätzlichen Vorgaben.',
      whenUnsureSilent: 'In Hilfekanälen bleibe ich jetzt still, wenn ich nichts Passendes finde.',
      whenUnsureSay: 'In Hilfekanälen sage ich jetzt, wenn ich nichts Passendes finde.',
      digestSet: 'Die wöchentliche Zusammenfassung geht jetzt nach {channel}.',
      digestOff: 'Keine wöchentliche Zusammenfassung.',
      channelExcluded:
        '{channel} wurde von den Moderatoren dieses Servers aus meinem Index ausgeschlossen, daher kann ich ihn nicht durchsuchen.',
      showTitle: '**Die Einstellungen dieses Servers**',
      showHelpChannels: '🆘 Hilfekanäle: {list}',
      showNone: 'keine',
      showHelpChannelPosts: '{channel} (Beiträge seit {since})',
      showHelpChannelQuestions: '{channel} (Fragen seit {since})',
      showPollError: '⚠️ {what}: Der letzte Blick ist fehlgeschlagen ({error})',
      showForums: 'die Foren',
      showHelperRole: '🙋 Helferrolle („Einen Menschen fragen“): {role}',
      showExcluded: '🚫 Nie indexiert oder zitiert: {list}',
      showInstructions: '📝 Zusätzliche Anweisungen ({length, plural, one {# Zeichen} other {# Zeichen}}):',
      showNoInstructions: '📝 Zusätzliche Anweisungen: keine (`/einstellungen anweisungen`)',
      showWhenUnsureSilent: '🤷 Wenn in einem Hilfekanal nichts Passendes gefunden wird: still bleiben',
      showWhenUnsureSay: '🤷 Wenn in einem Hilfekanal nichts Passendes gefunden wird: es sagen',
      showOperatorDefault: '(Standard des Betreibers)',
      showDigest: '📬 Wöchentliche Zusammenfassung: {channel}',
      showDigestOff: '📬 Wöchentliche Zusammenfassung: aus',
      showChanges: '🕘 Letzte Änderungen:',
      showEmptyValue: '(keine)',
    },
    fr: {
      refused:
        'Seuls les membres ayant la permission **Gérer le serveur** peuvent modifier les paramètres du bot. Demande à un modérateur.',
      unknownSubcommand:
        'Utilise une des sous-commandes de `/paramètres` : afficher, salon-aide, rôle-aidants, exclure-salon, consignes, si-incertain, résumé.',
      helpChannelType: 'Un salon d’aide doit être un salon textuel, d’annonces ou un forum.',
      helperRoleUsage:
        'Indique soit `rôle:` (le rôle que « Demander à un humain » mentionne), soit `retirer:True` (aucun rôle d’aidants), pas les deux.',
      helperRoleEveryone: 'Le rôle des aidants ne peut pas être @everyone : choisis le rôle de tes aidants.',
      digestUsage: 'Indique `salon:` (où va le résumé hebdomadaire) ou `activé:False` (pas de résumé).',
      digestType: 'Le résumé peut aller dans un salon textuel ou d’annonces.',
      whenUnsureUsage: 'Choisis pour `mode:` se taire ou le dire.',
      instructionsTooLong:
        'Les consignes sont trop longues : {length, number} caractères, alors qu’au plus {max, number} tiennent.',
      modalTitle: 'Consignes pour les réponses',
      modalLabel: 'Consignes que le bot suit (vide : efface)',
      modalPlaceholder: 'p. ex. Réponds sur un ton amical. Pour la facturation, renvoie vers #facturation.',
      failed:
        'Je n’ai pas pu modifier les paramètres pour le moment (ma base de données est indisponible). Réessaie plus tard.',
      unchanged: 'Rien n’a changé : c’était déjà le réglage.',
      helpChannelOnPosts:
        'Je surveille maintenant {channel} : je répondrai aux nouvelles publications (seulement celles créées à partir de maintenant), dans la publication, avec les sources et des boutons pour demander à un humain ou la marquer résolue.',
      helpChannelOnQuestions:
        'Je surveille maintenant {channel} : je répondrai aux nouvelles questions (seulement celles posées à partir de maintenant), en réponse, avec les sources et des boutons pour demander à un humain ou la marquer résolue.',
      helpChannelOff: 'Je ne surveille plus {channel}.',
      noBotToken:
        '⚠️ Le bot n’a pas de jeton de bot (DISCORD_BOT_TOKEN), il ne peut donc pas lire les salons d’aide : demande à l’opérateur de le définir.',
      helperRoleSet: '« Demander à un humain » mentionne maintenant {role}.',
      helperRoleCleared:
        'Aucun rôle d’aidants : « Demander à un humain » demande de l’aide sans mentionner de rôle.',
      excluded:
        '{channel} est maintenant exclu : il n’est jamais indexé ni cité, et {removed, plural, one {# message enregistré a quitté} many {# messages enregistrés ont quitté} other {# messages enregistrés ont quitté}} l’index.',
      included: '{channel} n’est plus exclu : la prochaine indexation relira son historique.',
      vectorsPending:
        'L’index de recherche (Chroma) n’a pas pu être mis à jour pour le moment ; la prochaine indexation retirera le reste.',
      instructionsSet:
        'Enregistré : les réponses suivent maintenant tes consignes ({length, plural, one {# caractère} many {# caractères} other {# caractères}}). Elles ne changent jamais qui peut lire quoi.',
      instructionsCleared: 'Effacé : les réponses ne suivent plus de consignes supplémentaires.',
      whenUnsureSilent: 'Dans les salons d’aide, je me tais désormais quand je ne trouve rien de pertinent.',
      whenUnsureSay: 'Dans les salons d’aide, je le dis désormais quand je ne trouve rien de pertinent.',
      digestSet: 'Le résumé hebdomadaire va maintenant dans {channel}.',
      digestOff: 'Pas de résumé hebdomadaire.',
      channelExcluded:
        '{channel} a été exclu de mon index par les modérateurs de ce serveur, je ne peux donc pas y chercher.',
      showTitle: '**Les paramètres de ce serveur**',
      showHelpChannels: '🆘 Salons d’aide : {list}',
      showNone: 'aucun',
      showHelpChannelPosts: '{channel} (publications depuis {since})',
      showHelpChannelQuestions: '{channel} (questions depuis {since})',
      showPollError: '⚠️ {what} : la dernière vérification a échoué ({error})',
      showForums: 'les forums',
      showHelperRole: '🙋 Rôle des aidants (« Demander à un humain ») : {role}',
      showExcluded: '🚫 Jamais indexés ni cités : {list}',
      showInstructions:
        '📝 Consignes ({length, plural, one {# caractère} many {# caractères} other {# caractères}}) :',
      showNoInstructions: '📝 Consignes : aucune (`/paramètres consignes`)',
      showWhenUnsureSilent: '🤷 Quand rien de pertinent n’est trouvé dans un salon d’aide : se taire',
      showWhenUnsureSay: '🤷 Quand rien de pertinent n’est trouvé dans un salon d’aide : le dire',
      showOperatorDefault: '(valeur par défaut de l’opérateur)',
      showDigest: '📬 Résumé hebdomadaire : {channel}',
      showDigestOff: '📬 Résumé hebdomadaire : désactivé',
      showChanges: '🕘 Dernières modifications :',
      showEmptyValue: '(aucun)',
    },
    'es-ES': {
      refused:
        'Solo los miembros con el permiso **Gestionar servidor** pueden cambiar los ajustes del bot. Pregunta a un moderador.',
      unknownSubcommand:
        'Usa uno de los subcomandos de `/ajustes`: mostrar, canal-ayuda, rol-ayudantes, excluir-canal, instrucciones, si-no-sabe, resumen.',
      helpChannelType: 'Un canal de ayuda debe ser un canal de texto, de anuncios o un foro.',
      helperRoleUsage:
        'Indica `rol:` (el rol al que menciona «Preguntar a una persona») o `quitar:True` (sin rol de ayudantes), no ambos.',
      helperRoleEveryone: 'El rol de ayudantes no puede ser @everyone: elige el rol de tus ayudantes.',
      digestUsage: 'Indica `canal:` (adónde va el resumen semanal) o `activado:False` (sin resumen).',
      digestType: 'El resumen puede ir a un canal de texto o de anuncios.',
      whenUnsureUsage: 'Elige en `modo:` callar o decirlo.',
      instructionsTooLong:
        'Las instrucciones son demasiado largas: {length, number} caracteres, y caben como máximo {max, number}.',
      modalTitle: 'Instrucciones extra para las respuestas',
      modalLabel: 'Indicaciones que sigue el bot (vacío: borra)',
      modalPlaceholder: 'p. ej. Responde con un tono amable. Para facturación, remite a #facturacion.',
      failed:
        'No he podido cambiar los ajustes ahora (mi base de datos no está disponible). Inténtalo de nuevo más tarde.',
      unchanged: 'No ha cambiado nada: ese ya era el ajuste.',
      helpChannelOnPosts:
        'Ahora vigilo {channel}: responderé a las nuevas publicaciones (solo las creadas desde ahora), en la publicación, con fuentes y botones para preguntar a una persona o marcarla como resuelta.',
      helpChannelOnQuestions:
        'Ahora vigilo {channel}: responderé a las nuevas preguntas (solo las hechas desde ahora), como respuesta, con fuentes y botones para preguntar a una persona o marcarla como resuelta.',
      helpChannelOff: 'He dejado de vigilar {channel}.',
      noBotToken:
        '⚠️ El bot no tiene token de bot (DISCORD_BOT_TOKEN), así que no puede leer los canales de ayuda: pide al operador que lo configure.',
      helperRoleSet: '«Preguntar a una persona» ahora menciona a {role}.',
      helperRoleCleared:
        'Sin rol de ayudantes: «Preguntar a una persona» pide ayuda sin mencionar ningún rol.',
      excluded:
        '{channel} ahora está excluido: nunca se indexa ni se cita, y {removed, plural, one {# mensaje guardado ha salido} many {# mensajes guardados han salido} other {# mensajes guardados han salido}} del índice.',
      included: '{channel} ya no está excluido: la próxima indexación volverá a leer su historial.',
      vectorsPending:
        'El índice de búsqueda (Chroma) no se ha podido actualizar ahora; la próxima indexación quitará el resto.',
      instructionsSet:
        'Guardado: las respuestas siguen ahora tus indicaciones ({length, plural, one {# carácter} many {# caracteres} other {# caracteres}}). Nunca cambian quién puede leer qué.',
      instructionsCleared: 'Borrado: las respuestas no siguen indicaciones extra.',
      whenUnsureSilent: 'En los canales de ayuda, ahora me callo cuando no encuentro nada relevante.',
      whenUnsureSay: 'En los canales de ayuda, ahora lo digo cuando no encuentro nada relevante.',
      digestSet: 'El resumen semanal ahora va a {channel}.',
      digestOff: 'Sin resumen semanal.',
      channelExcluded:
        'Los moderadores de este servidor han excluido {channel} de mi índice, así que no puedo buscar en él.',
      showTitle: '**Los ajustes de este servidor**',
      showHelpChannels: '🆘 Canales de ayuda: {list}',
      showNone: 'ninguno',
      showHelpChannelPosts: '{channel} (publicaciones desde {since})',
      showHelpChannelQuestions: '{channel} (preguntas desde {since})',
      showPollError: '⚠️ {what}: la última comprobación falló ({error})',
      showForums: 'los foros',
      showHelperRole: '🙋 Rol de ayudantes («Preguntar a una persona»): {role}',
      showExcluded: '🚫 Nunca indexados ni citados: {list}',
      showInstructions:
        '📝 Instrucciones extra ({length, plural, one {# carácter} many {# caracteres} other {# caracteres}}):',
      showNoInstructions: '📝 Instrucciones extra: ninguna (`/ajustes instrucciones`)',
      showWhenUnsureSilent: '🤷 Cuando no se encuentra nada relevante en un canal de ayuda: callar',
      showWhenUnsureSay: '🤷 Cuando no se encuentra nada relevante en un canal de ayuda: decirlo',
      showOperatorDefault: '(el valor por defecto del operador)',
      showDigest: '📬 Resumen semanal: {channel}',
      showDigestOff: '📬 Resumen semanal: desactivado',
      showChanges: '🕘 Últimos cambios:',
      showEmptyValue: '(ninguno)',
    },
    'pt-BR': {
      refused:
        'Só membros com a permissão **Gerenciar servidor** podem mudar as configurações do bot. Peça a um moderador.',
      unknownSubcommand:
        'Use um dos subcomandos de `/configurações`: mostrar, canal-ajuda, cargo-ajudantes, excluir-canal, instruções, se-incerto, resumo.',
      helpChannelType: 'Um canal de ajuda precisa ser um canal de texto, de anúncios ou um fórum.',
      helperRoleUsage:
        'Informe `cargo:` (o cargo que "Pedir ajuda humana" menciona) ou `remover:True` (nenhum cargo de ajudantes), não os dois.',
      helperRoleEveryone: 'O cargo de ajudantes não pode ser @everyone: escolha o cargo dos seus ajudantes.',
      digestUsage: 'Informe `canal:` (para onde vai o resumo semanal) ou `ativado:False` (sem resumo).',
      digestType: 'O resumo pode ir para um canal de texto ou de anúncios.',
      whenUnsureUsage: 'Escolha em `modo:` ficar em silêncio ou avisar.',
      instructionsTooLong:
        'As instruções são longas demais: {length, number} caracteres, e cabem no máximo {max, number}.',
      modalTitle: 'Instruções extras para as respostas',
      modalLabel: 'Orientações que o bot segue (vazio: apaga)',
      modalPlaceholder: 'ex.: Responda com um tom amigável. Sobre cobrança, indique #cobranca.',
      failed:
        'Não consegui mudar as configurações agora (meu banco de dados está indisponível). Tente de novo mais tarde.',
      unchanged: 'Nada mudou: essa já era a configuração.',
      helpChannelOnPosts:
        'Agora acompanho {channel}: vou responder às novas postagens (só as criadas a partir de agora), na própria postagem, com fontes e botões para pedir ajuda humana ou marcá-la como resolvida.',
      helpChannelOnQuestions:
        'Agora acompanho {channel}: vou responder às novas perguntas (só as feitas a partir de agora), como resposta, com fontes e botões para pedir ajuda humana ou marcá-la como resolvida.',
      helpChannelOff: 'Parei de acompanhar {channel}.',
      noBotToken:
        '⚠️ O bot não tem token de bot (DISCORD_BOT_TOKEN), então não consegue ler os canais de ajuda: peça ao operador para configurá-lo.',
      helperRoleSet: '"Pedir ajuda humana" agora menciona {role}.',
      helperRoleCleared: 'Nenhum cargo de ajudantes: "Pedir ajuda humana" pede ajuda sem mencionar cargo.',
      excluded:
        '{channel} agora está excluído: nunca é indexado nem citado, e {removed, plural, one {# mensagem guardada saiu} many {# mensagens guardadas saíram} other {# mensagens guardadas saíram}} do índice.',
      included: '{channel} não está mais excluído: a próxima indexação lê o histórico dele de novo.',
      vectorsPending:
        'O índice de busca (Chroma) não pôde ser atualizado agora; a próxima indexação remove o resto.',
      instructionsSet:
        'Salvo: as respostas agora seguem suas orientações ({length, plural, one {# caractere} many {# caracteres} other {# caracteres}}). Elas nunca mudam quem pode ler o quê.',
      instructionsCleared: 'Apagado: as respostas não seguem orientações extras.',
      whenUnsureSilent: 'Nos canais de ajuda, agora fico em silêncio quando não encontro nada relevante.',
      whenUnsureSay: 'Nos canais de ajuda, agora aviso quando não encontro nada relevante.',
      digestSet: 'O resumo semanal agora vai para {channel}.',
      digestOff: 'Sem resumo semanal.',
      channelExcluded:
        '{channel} foi excluído do meu índice pelos moderadores deste servidor, então não posso buscar nele.',
      showTitle: '**As configurações deste servidor**',
      showHelpChannels: '🆘 Canais de ajuda: {list}',
      showNone: 'nenhum',
      showHelpChannelPosts: '{channel} (postagens desde {since})',
      showHelpChannelQuestions: '{channel} (perguntas desde {since})',
      showPollError: '⚠️ {what}: a última verificação falhou ({error})',
      showForums: 'os fóruns',
      showHelperRole: '🙋 Cargo de ajudantes ("Pedir ajuda humana"): {role}',
      showExcluded: '🚫 Nunca indexados nem citados: {list}',
      showInstructions:
        '📝 Instruções extras ({length, plural, one {# caractere} many {# caracteres} other {# caracteres}}):',
      showNoInstructions: '📝 Instruções extras: nenhuma (`/configurações instruções`)',
      showWhenUnsureSilent: '🤷 Quando nada relevante é encontrado num canal de ajuda: ficar em silêncio',
      showWhenUnsureSay: '🤷 Quando nada relevante é encontrado num canal de ajuda: avisar',
      showOperatorDefault: '(o padrão do operador)',
      showDigest: '📬 Resumo semanal: {channel}',
      showDigestOff: '📬 Resumo semanal: desativado',
      showChanges: '🕘 Últimas mudanças:',
      showEmptyValue: '(nenhum)',
    },
    ru: {
      refused:
        'Менять настройки бота могут только участники с правом **Управлять сервером**. Обратитесь к модератору.',
      unknownSubcommand:
        'Используйте одну из подкоманд `/настройки`: показать, канал-помощи, роль-помощников, исключить-канал, инструкции, если-не-уверен, сводка.',
      helpChannelType: 'Каналом помощи может быть текстовый канал, канал объявлений или форум.',
      helperRoleUsage:
        'Укажите либо `роль:` (роль, которую упоминает «Позвать человека»), либо `убрать:True` (без роли помощников), но не оба.',
      helperRoleEveryone: 'Ролью помощников не может быть @everyone: выберите роль ваших помощников.',
      digestUsage:
        'Укажите `канал:` (куда отправлять еженедельную сводку) или `включено:False` (без сводки).',
      digestType: 'Сводку можно отправлять в текстовый канал или канал объявлений.',
      whenUnsureUsage: 'Выберите в `режим:` молчать или сказать об этом.',
      instructionsTooLong:
        'Инструкции слишком длинные: символов {length, number}, а помещается не больше {max, number}.',
      modalTitle: 'Дополнительные инструкции для ответов',
      modalLabel: 'Указания для бота (пусто — удалить)',
      modalPlaceholder: 'Напр.: Отвечай дружелюбно. По оплате отправляй в #оплата.',
      failed: 'Сейчас не удалось изменить настройки (моя база данных недоступна). Попробуйте позже.',
      unchanged: 'Ничего не изменилось: настройка уже была такой.',
      helpChannelOnPosts:
        'Теперь я слежу за {channel}: буду отвечать на новые публикации (только созданные с этого момента) прямо в публикации, с источниками и кнопками, чтобы позвать человека или отметить вопрос решённым.',
      helpChannelOnQuestions:
        'Теперь я слежу за {channel}: буду отвечать на новые вопросы (только заданные с этого момента) ответом на них, с источниками и кнопками, чтобы позвать человека или отметить вопрос решённым.',
      helpChannelOff: 'Я больше не слежу за {channel}.',
      noBotToken:
        '⚠️ У бота нет токена бота (DISCORD_BOT_TOKEN), поэтому он не может читать каналы помощи: попросите оператора его задать.',
      helperRoleSet: '«Позвать человека» теперь упоминает {role}.',
      helperRoleCleared: 'Без роли помощников: «Позвать человека» просит помощи, никого не упоминая.',
      excluded:
        '{channel} теперь исключён: он никогда не индексируется и не цитируется, а {removed, plural, one {# сохранённое сообщение покинуло} few {# сохранённых сообщения покинули} many {# сохранённых сообщений покинули} other {# сохранённого сообщения покинули}} индекс.',
      included: '{channel} больше не исключён: при следующей индексации его история будет прочитана снова.',
      vectorsPending:
        'Поисковый индекс (Chroma) сейчас не удалось обновить; остальное уберёт следующая индексация.',
      instructionsSet:
        'Сохранено: ответы теперь следуют вашим указаниям ({length, plural, one {# символ} few {# символа} many {# символов} other {# символа}}). Они никогда не меняют, кто что может читать.',
      instructionsCleared: 'Удалено: ответы не следуют дополнительным указаниям.',
      whenUnsureSilent: 'В каналах помощи я теперь молчу, если не нахожу ничего подходящего.',
      whenUnsureSay: 'В каналах помощи я теперь сообщаю, если не нахожу ничего подходящего.',
      digestSet: 'Еженедельная сводка теперь отправляется в {channel}.',
      digestOff: 'Без еженедельной сводки.',
      channelExcluded:
        'Модераторы этого сервера исключили {channel} из моего индекса, поэтому я не могу в нём искать.',
      showTitle: '**Настройки этого сервера**',
      showHelpChannels: '🆘 Каналы помощи: {list}',
      showNone: 'нет',
      showHelpChannelPosts: '{channel} (публикации с {since})',
      showHelpChannelQuestions: '{channel} (вопросы с {since})',
      showPollError: '⚠️ {what}: последняя проверка не удалась ({error})',
      showForums: 'форумы',
      showHelperRole: '🙋 Роль помощников («Позвать человека»): {role}',
      showExcluded: '🚫 Никогда не индексируются и не цитируются: {list}',
      showInstructions:
        '📝 Дополнительные инструкции ({length, plural, one {# символ} few {# символа} many {# символов} other {# символа}}):',
      showNoInstructions: '📝 Дополнительные инструкции: нет (`/настройки инструкции`)',
      showWhenUnsureSilent: '🤷 Если в канале помощи ничего подходящего не найдено: молчать',
      showWhenUnsureSay: '🤷 Если в канале помощи ничего подходящего не найдено: сообщить',
      showOperatorDefault: '(по умолчанию у оператора)',
      showDigest: '📬 Еженедельная сводка: {channel}',
      showDigestOff: '📬 Еженедельная сводка: выключена',
      showChanges: '🕘 Последние изменения:',
      showEmptyValue: '(нет)',
    },
    pl: {
      refused:
        'Ustawienia bota mogą zmieniać tylko członkowie z uprawnieniem **Zarządzanie serwerem**. Poproś moderatora.',
      unknownSubcommand:
        'Użyj jednej z podkomend `/ustawienia`: pokaż, kanał-pomocy, rola-pomocników, wyklucz-kanał, instrukcje, gdy-niepewny, podsumowanie.',
      helpChannelType: 'Kanał pomocy musi być kanałem tekstowym, ogłoszeń lub forum.',
      helperRoleUsage:
        'Podaj albo `rola:` (rolę, którą oznacza „Zapytaj człowieka”), albo `usuń:True` (bez roli pomocników), nie oba.',
      helperRoleEveryone: 'Rolą pomocników nie może być @everyone: wybierz rolę swoich pomocników.',
      digestUsage:
        'Podaj `kanał:` (dokąd trafia cotygodniowe podsumowanie) albo `włączony:False` (bez podsumowania).',
      digestType: 'Podsumowanie może trafiać na kanał tekstowy lub ogłoszeń.',
      whenUnsureUsage: 'Wybierz w `tryb:` milczeć albo powiedzieć o tym.',
      instructionsTooLong:
        'Instrukcje są za długie: liczba znaków {length, number}, a mieści się najwyżej {max, number}.',
      modalTitle: 'Dodatkowe instrukcje do odpowiedzi',
      modalLabel: 'Wskazówki dla bota (puste: usuwa)',
      modalPlaceholder: 'np. Odpowiadaj przyjaźnie. W sprawie płatności odsyłaj na #platnosci.',
      failed:
        'Nie mogę teraz zmienić ustawień (moja baza danych jest niedostępna). Spróbuj ponownie później.',
      unchanged: 'Nic się nie zmieniło: to już było ustawione.',
      helpChannelOnPosts:
        'Obserwuję teraz {channel}: będę odpowiadać na nowe posty (tylko utworzone od teraz) w samym poście, ze źródłami i przyciskami, by zapytać człowieka lub oznaczyć go jako rozwiązany.',
      helpChannelOnQuestions:
        'Obserwuję teraz {channel}: będę odpowiadać na nowe pytania (tylko zadane od teraz) jako odpowiedzi, ze źródłami i przyciskami, by zapytać człowieka lub oznaczyć je jako rozwiązane.',
      helpChannelOff: 'Przestałem obserwować {channel}.',
      noBotToken:
        '⚠️ Bot nie ma tokenu bota (DISCORD_BOT_TOKEN), więc nie może czytać kanałów pomocy: poproś operatora o jego ustawienie.',
      helperRoleSet: '„Zapytaj człowieka” oznacza teraz {role}.',
      helperRoleCleared: 'Bez roli pomocników: „Zapytaj człowieka” prosi o pomoc bez oznaczania roli.',
      excluded:
        '{channel} jest teraz wykluczony: nigdy nie jest indeksowany ani cytowany, a {removed, plural, one {# zapisana wiadomość opuściła} few {# zapisane wiadomości opuściły} many {# zapisanych wiadomości opuściło} other {# zapisanej wiadomości opuściło}} indeks.',
      included: '{channel} nie jest już wykluczony: następne indeksowanie ponownie przeczyta jego historię.',
      vectorsPending:
        'Nie udało się teraz zaktualizować indeksu wyszukiwania (Chroma); resztę usunie następne indeksowanie.',
      instructionsSet:
        'Zapisano: odpowiedzi stosują się teraz do twoich wskazówek ({length, plural, one {# znak} few {# znaki} many {# znaków} other {# znaku}}). Nigdy nie zmieniają tego, kto co może czytać.',
      instructionsCleared: 'Usunięto: odpowiedzi nie stosują dodatkowych wskazówek.',
      whenUnsureSilent: 'W kanałach pomocy milczę teraz, gdy nie znajduję nic trafnego.',
      whenUnsureSay: 'W kanałach pomocy mówię teraz o tym, gdy nie znajduję nic trafnego.',
      digestSet: 'Cotygodniowe podsumowanie trafia teraz na {channel}.',
      digestOff: 'Bez cotygodniowego podsumowania.',
      channelExcluded:
        'Moderatorzy tego serwera wykluczyli {channel} z mojego indeksu, więc nie mogę go przeszukać.',
      showTitle: '**Ustawienia tego serwera**',
      showHelpChannels: '🆘 Kanały pomocy: {list}',
      showNone: 'brak',
      showHelpChannelPosts: '{channel} (posty od {since})',
      showHelpChannelQuestions: '{channel} (pytania od {since})',
      showPollError: '⚠️ {what}: ostatnie sprawdzenie nie powiodło się ({error})',
      showForums: 'fora',
      showHelperRole: '🙋 Rola pomocników („Zapytaj człowieka”): {role}',
      showExcluded: '🚫 Nigdy nie indeksowane ani cytowane: {list}',
      showInstructions:
        '📝 Dodatkowe instrukcje ({length, plural, one {# znak} few {# znaki} many {# znaków} other {# znaku}}):',
      showNoInstructions: '📝 Dodatkowe instrukcje: brak (`/ustawienia instrukcje`)',
      showWhenUnsureSilent: '🤷 Gdy w kanale pomocy nie ma nic trafnego: milczeć',
      showWhenUnsureSay: '🤷 Gdy w kanale pomocy nie ma nic trafnego: powiedzieć o tym',
      showOperatorDefault: '(domyślne ustawienie operatora)',
      showDigest: '📬 Cotygodniowe podsumowanie: {channel}',
      showDigestOff: '📬 Cotygodniowe podsumowanie: wyłączone',
      showChanges: '🕘 Ostatnie zmiany:',
      showEmptyValue: '(brak)',
    },
    uk: {
      refused:
        'Змінювати налаштування бота можуть лише учасники з дозволом **Керувати сервером**. Зверніться до модератора.',
      unknownSubcommand:
        'Використайте одну з підкоманд `/налаштування`: показати, канал-допомоги, роль-помічників, виключити-канал, інструкції, якщо-не-впевнений, зведення.',
      helpChannelType: 'Каналом допомоги може бути текстовий канал, канал оголошень або форум.',
      helperRoleUsage:
        'Вкажіть або `роль:` (роль, яку згадує «Покликати людину»), або `прибрати:True` (без ролі помічників), але не обидва.',
      helperRoleEveryone: 'Роллю помічників не може бути @everyone: виберіть роль ваших помічників.',
      digestUsage:
        'Вкажіть `канал:` (куди надсилати щотижневе зведення) або `увімкнено:False` (без зведення).',
      digestType: 'Зведення можна надсилати в текстовий канал або канал оголошень.',
      whenUnsureUsage: 'Виберіть у `режим:` мовчати або сказати про це.',
      instructionsTooLong:
        'Інструкції задовгі: символів {length, number}, а вміщається щонайбільше {max, number}.',
      modalTitle: 'Додаткові інструкції для відповідей',
      modalLabel: 'Вказівки для бота (порожньо — видалити)',
      modalPlaceholder: 'Напр.: Відповідай дружньо. Щодо оплати скеровуй до #оплата.',
      failed: 'Зараз не вдалося змінити налаштування (моя база даних недоступна). Спробуйте пізніше.',
      unchanged: 'Нічого не змінилося: налаштування вже було таким.',
      helpChannelOnPosts:
        'Тепер я стежу за {channel}: відповідатиму на нові дописи (лише створені відтепер) просто в дописі, з джерелами та кнопками, щоб покликати людину або позначити питання розв’язаним.',
      helpChannelOnQuestions:
        'Тепер я стежу за {channel}: відповідатиму на нові запитання (лише поставлені відтепер) відповіддю на них, з джерелами та кнопками, щоб покликати людину або позначити питання розв’язаним.',
      helpChannelOff: 'Я більше не стежу за {channel}.',
      noBotToken:
        '⚠️ У бота немає токена бота (DISCORD_BOT_TOKEN), тому він не може читати канали допомоги: попросіть оператора його задати.',
      helperRoleSet: '«Покликати людину» тепер згадує {role}.',
      helperRoleCleared: 'Без ролі помічників: «Покликати людину» просить допомоги, нікого не згадуючи.',
      excluded:
        '{channel} тепер виключено: його ніколи не індексують і не цитують, а {removed, plural, one {# збережене повідомлення залишило} few {# збережені повідомлення залишили} many {# збережених повідомлень залишили} other {# збереженого повідомлення залишили}} індекс.',
      included:
        '{channel} більше не виключено: під час наступної індексації його історію буде прочитано знову.',
      vectorsPending:
        'Пошуковий індекс (Chroma) зараз не вдалося оновити; решту прибере наступна індексація.',
      instructionsSet:
        'Збережено: відповіді тепер дотримуються ваших вказівок ({length, plural, one {# символ} few {# символи} many {# символів} other {# символу}}). Вони ніколи не змінюють, хто що може читати.',
      instructionsCleared: 'Видалено: відповіді не дотримуються додаткових вказівок.',
      whenUnsureSilent: 'У каналах допомоги я тепер мовчу, якщо не знаходжу нічого доречного.',
      whenUnsureSay: 'У каналах допомоги я тепер повідомляю, якщо не знаходжу нічого доречного.',
      digestSet: 'Щотижневе зведення тепер надсилається в {channel}.',
      digestOff: 'Без щотижневого зведення.',
      channelExcluded:
        'Модератори цього сервера виключили {channel} з мого індексу, тому я не можу в ньому шукати.',
      showTitle: '**Налаштування цього сервера**',
      showHelpChannels: '🆘 Канали допомоги: {list}',
      showNone: 'немає',
      showHelpChannelPosts: '{channel} (дописи з {since})',
      showHelpChannelQuestions: '{channel} (запитання з {since})',
      showPollError: '⚠️ {what}: остання перевірка не вдалася ({error})',
      showForums: 'форуми',
      showHelperRole: '🙋 Роль помічників («Покликати людину»): {role}',
      showExcluded: '🚫 Ніколи не індексуються й не цитуються: {list}',
      showInstructions:
        '📝 Додаткові інструкції ({length, plural, one {# символ} few {# символи} many {# символів} other {# символу}}):',
      showNoInstructions: '📝 Додаткові інструкції: немає (`/налаштування інструкції`)',
      showWhenUnsureSilent: '🤷 Якщо в каналі допомоги нічого доречного не знайдено: мовчати',
      showWhenUnsureSay: '🤷 Якщо в каналі допомоги нічого доречного не знайдено: повідомити',
      showOperatorDefault: '(типово в оператора)',
      showDigest: '📬 Щотижневе зведення: {channel}',
      showDigestOff: '📬 Щотижневе зведення: вимкнено',
      showChanges: '🕘 Останні зміни:',
      showEmptyValue: '(немає)',
    },
    ja: {
      refused:
        'ボットの設定を変更できるのは **サーバー管理** 権限を持つメンバーだけです。モデレーターに頼んでください。',
      unknownSubcommand:
        '`/設定` のサブコマンドのいずれかを使ってください：表示、ヘルプチャンネル、ヘルパーロール、チャンネル除外、指示、不明時、ダイジェスト。',
      helpChannelType: 'ヘルプチャンネルにできるのは、テキスト、アナウンス、フォーラムチャンネルです。',
      helperRoleUsage:
        '`ロール:`（「人に聞く」でメンションするロール）か `解除:True`（ヘルパーロールなし）のどちらか一方を指定してください。',
      helperRoleEveryone: 'ヘルパーロールに @everyone は指定できません。ヘルパーのロールを選んでください。',
      digestUsage:
        '`チャンネル:`（週次ダイジェストの送信先）か `有効:False`（ダイジェストなし）を指定してください。',
      digestType: 'ダイジェストはテキストまたはアナウンスチャンネルに送れます。',
      whenUnsureUsage: '`モード:` で「何も言わない」か「伝える」を選んでください。',
      instructionsTooLong: '指示が長すぎます：{length, number} 文字ですが、最大 {max, number} 文字までです。',
      modalTitle: '回答への追加の指示',
      modalLabel: 'ボットが従う指示（空にすると削除）',
      modalPlaceholder: '例：親しみやすい口調で答えてください。請求については #請求 を案内してください。',
      failed: '今は設定を変更できませんでした（データベースが利用できません）。後でもう一度お試しください。',
      unchanged: '変更はありません：すでにその設定です。',
      helpChannelOnPosts:
        '{channel} の見守りを始めました：新しい投稿（今後作成されるものだけ）に、その投稿内で、出典と「人に聞く」「解決済み」ボタン付きで回答します。',
      helpChannelOnQuestions:
        '{channel} の見守りを始めました：新しい質問（今後のものだけ）に返信で、出典と「人に聞く」「解決済み」ボタン付きで回答します。',
      helpChannelOff: '{channel} の見守りをやめました。',
      noBotToken:
        '⚠️ ボットにボットトークン（DISCORD_BOT_TOKEN）がないため、ヘルプチャンネルを読めません。運営者に設定を頼んでください。',
      helperRoleSet: '「人に聞く」は今後 {role} にメンションします。',
      helperRoleCleared: 'ヘルパーロールなし：「人に聞く」はロールにメンションせずに助けを求めます。',
      excluded:
        '{channel} を除外しました：今後は索引にも引用にも使われず、保存済みのメッセージ {removed, plural, other {# 件}}が索引から削除されました。',
      included: '{channel} の除外を解除しました：次回のインデックス作成で履歴を読み直します。',
      vectorsPending:
        '検索インデックス（Chroma）を今は更新できませんでした。残りは次回のインデックス作成で削除されます。',
      instructionsSet:
        '保存しました：回答は今後この指示（{length, plural, other {# 文字}}）に従います。誰が何を読めるかは決して変わりません。',
      instructionsCleared: '削除しました：回答は追加の指示に従いません。',
      whenUnsureSilent: 'ヘルプチャンネルで関連する情報が見つからないときは、今後は何も言いません。',
      whenUnsureSay: 'ヘルプチャンネルで関連する情報が見つからないときは、今後はそう伝えます。',
      digestSet: '週次ダイジェストの送信先を {channel} にしました。',
      digestOff: '週次ダイジェストはありません。',
      channelExcluded:
        '{channel} はこのサーバーのモデレーターによって索引から除外されているため、検索できません。',
      showTitle: '**このサーバーの設定**',
      showHelpChannels: '🆘 ヘルプチャンネル：{list}',
      showNone: 'なし',
      showHelpChannelPosts: '{channel}（{since} 以降の投稿）',
      showHelpChannelQuestions: '{channel}（{since} 以降の質問）',
      showPollError: '⚠️ {what}：前回の確認に失敗しました（{error}）',
      showForums: 'フォーラム',
      showHelperRole: '🙋 ヘルパーロール（「人に聞く」）：{role}',
      showExcluded: '🚫 索引にも引用にも使わない：{list}',
      showInstructions: '📝 追加の指示（{length, plural, other {# 文字}}）：',
      showNoInstructions: '📝 追加の指示：なし（`/設定 指示`）',
      showWhenUnsureSilent: '🤷 ヘルプチャンネルで関連する情報がないとき：何も言わない',
      showWhenUnsureSay: '🤷 ヘルプチャンネルで関連する情報がないとき：そう伝える',
      showOperatorDefault: '（運営者の既定値）',
      showDigest: '📬 週次ダイジェスト：{channel}',
      showDigestOff: '📬 週次ダイジェスト：オフ',
      showChanges: '🕘 最近の変更：',
      showEmptyValue: '（なし）',
    },
    ko: {
      refused: '봇 설정은 **서버 관리** 권한이 있는 멤버만 바꿀 수 있습니다. 모더레이터에게 요청하세요.',
      unknownSubcommand:
        '`/설정`의 하위 명령 중 하나를 사용하세요: 보기, 도움-채널, 도우미-역할, 채널-제외, 지침, 모를-때, 요약.',
      helpChannelType: '도움 채널은 텍스트, 공지 또는 포럼 채널이어야 합니다.',
      helperRoleUsage:
        '`역할:`("사람에게 묻기"가 멘션하는 역할)이나 `해제:True`(도우미 역할 없음) 중 하나만 지정하세요.',
      helperRoleEveryone: '도우미 역할로 @everyone을 쓸 수 없습니다. 도우미들의 역할을 고르세요.',
      digestUsage: '`채널:`(주간 요약을 보낼 곳)이나 `사용:False`(요약 없음)를 지정하세요.',
      digestType: '요약은 텍스트 또는 공지 채널로 보낼 수 있습니다.',
      whenUnsureUsage: '`모드:`에서 조용히 또는 알리기를 고르세요.',
      instructionsTooLong: '지침이 너무 깁니다: {length, number}자이며, 최대 {max, number}자까지 가능합니다.',
      modalTitle: '답변에 대한 추가 지침',
      modalLabel: '봇이 따를 지침(비우면 삭제)',
      modalPlaceholder: '예: 친절한 말투로 답하세요. 결제 문의는 #결제 로 안내하세요.',
      failed: '지금은 설정을 바꿀 수 없습니다(데이터베이스를 사용할 수 없음). 나중에 다시 시도하세요.',
      unchanged: '바뀐 것이 없습니다: 이미 그 설정입니다.',
      helpChannelOnPosts:
        '이제 {channel}을(를) 지켜봅니다: 새 게시물(지금부터 만들어진 것만)에 게시물 안에서 출처와 함께, 사람에게 묻거나 해결됨으로 표시하는 버튼을 달아 답합니다.',
      helpChannelOnQuestions:
        '이제 {channel}을(를) 지켜봅니다: 새 질문(지금부터 올라온 것만)에 답장으로, 출처와 함께, 사람에게 묻거나 해결됨으로 표시하는 버튼을 달아 답합니다.',
      helpChannelOff: '{channel} 지켜보기를 멈췄습니다.',
      noBotToken:
        '⚠️ 봇에 봇 토큰(DISCORD_BOT_TOKEN)이 없어 도움 채널을 읽을 수 없습니다. 운영자에게 설정을 요청하세요.',
      helperRoleSet: '"사람에게 묻기"가 이제 {role}을(를) 멘션합니다.',
      helperRoleCleared: '도우미 역할 없음: "사람에게 묻기"는 역할을 멘션하지 않고 도움을 요청합니다.',
      excluded:
        '{channel}을(를) 제외했습니다: 더 이상 색인하거나 인용하지 않으며, 저장된 메시지 {removed, plural, other {#개}}가 색인에서 빠졌습니다.',
      included: '{channel} 제외를 해제했습니다: 다음 색인 작업에서 기록을 다시 읽습니다.',
      vectorsPending:
        '지금은 검색 색인(Chroma)을 갱신하지 못했습니다. 나머지는 다음 색인 작업에서 지워집니다.',
      instructionsSet:
        '저장했습니다: 이제 답변은 이 지침({length, plural, other {#자}})을 따릅니다. 누가 무엇을 읽을 수 있는지는 절대 바뀌지 않습니다.',
      instructionsCleared: '삭제했습니다: 답변에 추가 지침이 적용되지 않습니다.',
      whenUnsureSilent: '이제 도움 채널에서 관련 내용을 찾지 못하면 조용히 있겠습니다.',
      whenUnsureSay: '이제 도움 채널에서 관련 내용을 찾지 못하면 그렇다고 알리겠습니다.',
      digestSet: '주간 요약은 이제 {channel}(으)로 갑니다.',
      digestOff: '주간 요약 없음.',
      channelExcluded: '{channel}은(는) 이 서버의 모더레이터가 색인에서 제외해서 검색할 수 없습니다.',
      showTitle: '**이 서버의 설정**',
      showHelpChannels: '🆘 도움 채널: {list}',
      showNone: '없음',
      showHelpChannelPosts: '{channel} ({since}부터의 게시물)',
      showHelpChannelQuestions: '{channel} ({since}부터의 질문)',
      showPollError: '⚠️ {what}: 마지막 확인에 실패했습니다 ({error})',
      showForums: '포럼',
      showHelperRole: '🙋 도우미 역할("사람에게 묻기"): {role}',
      showExcluded: '🚫 색인·인용하지 않음: {list}',
      showInstructions: '📝 추가 지침({length, plural, other {#자}}):',
      showNoInstructions: '📝 추가 지침: 없음 (`/설정 지침`)',
      showWhenUnsureSilent: '🤷 도움 채널에서 관련 내용이 없을 때: 조용히',
      showWhenUnsureSay: '🤷 도움 채널에서 관련 내용이 없을 때: 알리기',
      showOperatorDefault: '(운영자 기본값)',
      showDigest: '📬 주간 요약: {channel}',
      showDigestOff: '📬 주간 요약: 꺼짐',
      showChanges: '🕘 최근 변경:',
      showEmptyValue: '(없음)',
    },
    'zh-CN': {
      refused: '只有拥有 **管理服务器** 权限的成员才能更改机器人的设置。请联系管理员。',
      unknownSubcommand:
        '请使用 `/设置` 的一个子命令：查看、求助频道、帮助者身份组、排除频道、说明、不确定时、摘要。',
      helpChannelType: '求助频道必须是文字、公告或论坛频道。',
      helperRoleUsage:
        '请指定 `身份组:`（“找人帮忙”会提及的身份组）或 `清除:True`（不设帮助者身份组），二选一。',
      helperRoleEveryone: '帮助者身份组不能是 @everyone：请选择你的帮助者的身份组。',
      digestUsage: '请指定 `频道:`（每周摘要发送到哪里）或 `启用:False`（不发送摘要）。',
      digestType: '摘要可以发送到文字或公告频道。',
      whenUnsureUsage: '请在 `模式:` 中选择保持沉默或说明情况。',
      instructionsTooLong: '说明太长了：共 {length, number} 个字符，最多只能有 {max, number} 个。',
      modalTitle: '回答的额外说明',
      modalLabel: '机器人遵循的指引（留空即清除）',
      modalPlaceholder: '例如：用友好的语气回答。账单问题请引导到 #账单。',
      failed: '现在无法更改设置（数据库不可用）。请稍后再试。',
      unchanged: '没有变化：原本就是这个设置。',
      helpChannelOnPosts:
        '现在开始关注 {channel}：我会在帖子里回答新帖子（只限从现在起创建的），附上来源，以及用于找人帮忙或标记为已解决的按钮。',
      helpChannelOnQuestions:
        '现在开始关注 {channel}：我会以回复的方式回答新问题（只限从现在起提出的），附上来源，以及用于找人帮忙或标记为已解决的按钮。',
      helpChannelOff: '已停止关注 {channel}。',
      noBotToken: '⚠️ 机器人没有机器人令牌（DISCORD_BOT_TOKEN），因此无法读取求助频道：请让运营者设置。',
      helperRoleSet: '“找人帮忙”现在会提及 {role}。',
      helperRoleCleared: '不设帮助者身份组：“找人帮忙”会请求帮助，但不提及任何身份组。',
      excluded:
        '已排除 {channel}：它不会再被索引或引用，已有 {removed, plural, other {# 条}}存储的消息移出了索引。',
      included: '已取消排除 {channel}：下次索引时会重新读取它的历史。',
      vectorsPending: '现在无法更新搜索索引（Chroma）；其余部分会在下次索引时移除。',
      instructionsSet:
        '已保存：回答现在会遵循你的指引（{length, plural, other {# 个字符}}）。它永远不会改变谁能读什么。',
      instructionsCleared: '已清除：回答不再遵循额外指引。',
      whenUnsureSilent: '在求助频道中，如果找不到相关内容，我现在会保持沉默。',
      whenUnsureSay: '在求助频道中，如果找不到相关内容，我现在会说明情况。',
      digestSet: '每周摘要现在发送到 {channel}。',
      digestOff: '不发送每周摘要。',
      channelExcluded: '{channel} 已被本服务器的管理员从我的索引中排除，所以我无法在其中搜索。',
      showTitle: '**本服务器的设置**',
      showHelpChannels: '🆘 求助频道：{list}',
      showNone: '无',
      showHelpChannelPosts: '{channel}（{since} 起的帖子）',
      showHelpChannelQuestions: '{channel}（{since} 起的问题）',
      showPollError: '⚠️ {what}：上次检查失败（{error}）',
      showForums: '论坛',
      showHelperRole: '🙋 帮助者身份组（“找人帮忙”）：{role}',
      showExcluded: '🚫 永不索引或引用：{list}',
      showInstructions: '📝 额外说明（{length, plural, other {# 个字符}}）：',
      showNoInstructions: '📝 额外说明：无（`/设置 说明`）',
      showWhenUnsureSilent: '🤷 求助频道中找不到相关内容时：保持沉默',
      showWhenUnsureSay: '🤷 求助频道中找不到相关内容时：说明情况',
      showOperatorDefault: '（运营者的默认值）',
      showDigest: '📬 每周摘要：{channel}',
      showDigestOff: '📬 每周摘要：关闭',
      showChanges: '🕘 最近的更改：',
      showEmptyValue: '（无）',
    },
  },
);
