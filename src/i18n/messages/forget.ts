import { defineMessages } from '../catalogue';

/** `/forget-me`: the prompt and its buttons, the presses, and the worker's result. */
export const forgetText = defineMessages(
  'forget',
  {
    prompt:
      'This removes **every message of yours in this server** from my index (the text and its search vectors), drops answers that quoted them, and keeps your future messages out of it. Nothing is deleted on Discord. Only you can confirm. (To opt back in later: `/forget-me undo:True`.)',
    confirm: 'Forget my messages',
    cancel: 'Cancel',
    wrongMember: 'Only the member who ran `/forget-me` can confirm or cancel it.',
    cancelled: 'Cancelled: nothing was removed.',
    removing: 'Removing your messages from my index…',
    done: 'Done: {removed, plural, one {# message of yours was} other {# messages of yours were}} removed from my index, with the answers that used them, and your future messages in this server will not be indexed. Changed your mind? `/forget-me undo:True` (only affects messages from then on).',
    optedIn:
      "You're opted back in: messages you write from now on may be indexed again. Messages removed earlier stay removed.",
    notOptedOut: "You weren't opted out in this server, so nothing changed.",
    failed:
      "I couldn't finish removing your messages right now (my database or search index is unavailable). Please try `/forget-me` again later.",
  },
  {
    'en-GB': {},
    de: {
      prompt:
        'Damit entferne ich **jede deiner Nachrichten auf diesem Server** aus meinem Index (den Text und seine Suchvektoren), verwerfe Antworten, die sie zitiert haben, und halte deine künftigen Nachrichten heraus. Auf Discord wird nichts gelöscht. Nur du kannst bestätigen. (Später wieder mitmachen: `/vergiss-mich` mit der Option `rückgängig`.)',
      confirm: 'Meine Nachrichten vergessen',
      cancel: 'Abbrechen',
      wrongMember: 'Nur das Mitglied, das `/vergiss-mich` ausgeführt hat, kann bestätigen oder abbrechen.',
      cancelled: 'Abgebrochen: Es wurde nichts entfernt.',
      removing: 'Ich entferne deine Nachrichten aus meinem Index …',
      done: 'Erledigt: {removed, plural, one {# Nachricht von dir wurde} other {# Nachrichten von dir wurden}} aus meinem Index entfernt, samt den Antworten, die sie verwendet haben, und deine künftigen Nachrichten auf diesem Server werden nicht indexiert. Doch anders entschieden? `/vergiss-mich` mit der Option `rückgängig` (gilt nur für Nachrichten ab dann).',
      optedIn:
        'Du bist wieder dabei: Nachrichten, die du ab jetzt schreibst, dürfen wieder indexiert werden. Früher entfernte Nachrichten bleiben entfernt.',
      notOptedOut: 'Du hattest dich auf diesem Server nicht abgemeldet, es hat sich also nichts geändert.',
      failed:
        'Ich konnte deine Nachrichten gerade nicht vollständig entfernen (meine Datenbank oder mein Suchindex ist nicht verfügbar). Bitte versuch `/vergiss-mich` später noch einmal.',
    },
    fr: {
      prompt:
        'Cela retire **tous tes messages de ce serveur** de mon index (le texte et ses vecteurs de recherche), supprime les réponses qui les citaient et tient tes futurs messages à l’écart. Rien n’est supprimé sur Discord. Toi seul peux confirmer. (Pour revenir plus tard : `/oublie-moi` avec l’option `annuler`.)',
      confirm: 'Oublier mes messages',
      cancel: 'Annuler',
      wrongMember: 'Seul le membre qui a lancé `/oublie-moi` peut confirmer ou annuler.',
      cancelled: 'Annulé : rien n’a été retiré.',
      removing: 'Je retire tes messages de mon index…',
      done: 'C’est fait : {removed, plural, one {# de tes messages a été retiré} many {# de tes messages ont été retirés} other {# de tes messages ont été retirés}} de mon index, avec les réponses qui les utilisaient, et tes futurs messages sur ce serveur ne seront pas indexés. Changé d’avis ? `/oublie-moi` avec l’option `annuler` (ne concerne que les messages écrits ensuite).',
      optedIn:
        'Tu es de retour : les messages que tu écris désormais pourront de nouveau être indexés. Les messages retirés auparavant le restent.',
      notOptedOut: 'Tes messages n’étaient pas exclus sur ce serveur, donc rien n’a changé.',
      failed:
        'Je n’ai pas pu finir de retirer tes messages pour le moment (ma base de données ou mon index de recherche est indisponible). Réessaie `/oublie-moi` plus tard.',
    },
    'es-ES': {
      prompt:
        'Esto quita **todos tus mensajes de este servidor** de mi índice (el texto y sus vectores de búsqueda), descarta las respuestas que los citaban y deja fuera tus mensajes futuros. No se borra nada en Discord. Solo tú puedes confirmarlo. (Para volver más adelante: `/olvídame` con la opción `deshacer`.)',
      confirm: 'Olvidar mis mensajes',
      cancel: 'Cancelar',
      wrongMember: 'Solo el miembro que usó `/olvídame` puede confirmarlo o cancelarlo.',
      cancelled: 'Cancelado: no se ha quitado nada.',
      removing: 'Quitando tus mensajes de mi índice…',
      done: 'Hecho: {removed, plural, one {se ha quitado # mensaje tuyo} many {se han quitado # de mensajes tuyos} other {se han quitado # mensajes tuyos}} de mi índice, junto con las respuestas que los usaban, y tus mensajes futuros en este servidor no se indexarán. ¿Has cambiado de idea? `/olvídame` con la opción `deshacer` (solo afecta a los mensajes desde entonces).',
      optedIn:
        'Has vuelto: los mensajes que escribas desde ahora podrán volver a indexarse. Los mensajes quitados antes siguen quitados.',
      notOptedOut: 'No te habías excluido en este servidor, así que no ha cambiado nada.',
      failed:
        'No he podido terminar de quitar tus mensajes ahora mismo (mi base de datos o mi índice de búsqueda no está disponible). Vuelve a probar `/olvídame` más tarde.',
    },
    'pt-BR': {
      prompt:
        'Isso remove **todas as suas mensagens neste servidor** do meu índice (o texto e os vetores de busca), descarta respostas que as citaram e mantém suas mensagens futuras fora dele. Nada é apagado no Discord. Só você pode confirmar. (Para voltar depois: `/esqueça-me` com a opção `desfazer`.)',
      confirm: 'Esquecer minhas mensagens',
      cancel: 'Cancelar',
      wrongMember: 'Só o membro que usou `/esqueça-me` pode confirmar ou cancelar.',
      cancelled: 'Cancelado: nada foi removido.',
      removing: 'Removendo suas mensagens do meu índice…',
      done: 'Pronto: {removed, plural, one {# mensagem sua foi removida} many {# de mensagens suas foram removidas} other {# mensagens suas foram removidas}} do meu índice, junto com as respostas que as usaram, e suas mensagens futuras neste servidor não serão indexadas. Mudou de ideia? `/esqueça-me` com a opção `desfazer` (só vale para mensagens a partir de então).',
      optedIn:
        'Você voltou: mensagens que você escrever a partir de agora poderão ser indexadas de novo. Mensagens removidas antes continuam removidas.',
      notOptedOut: 'Você não tinha saído neste servidor, então nada mudou.',
      failed:
        'Não consegui terminar de remover suas mensagens agora (meu banco de dados ou índice de busca está indisponível). Tente `/esqueça-me` de novo mais tarde.',
    },
    ru: {
      prompt:
        'Это удалит **все ваши сообщения на этом сервере** из моего индекса (текст и поисковые векторы), уберёт ответы, которые их цитировали, и больше не будет брать ваши новые сообщения. В Discord ничего не удаляется. Подтвердить можете только вы. (Чтобы вернуться позже: `/забудь-меня` с параметром `отменить`.)',
      confirm: 'Забыть мои сообщения',
      cancel: 'Отмена',
      wrongMember: 'Подтвердить или отменить может только участник, который вызвал `/забудь-меня`.',
      cancelled: 'Отменено: ничего не удалено.',
      removing: 'Удаляю ваши сообщения из индекса…',
      done: 'Готово: из моего индекса {removed, plural, one {удалено # ваше сообщение} few {удалено # ваших сообщения} many {удалено # ваших сообщений} other {удалено # вашего сообщения}} вместе с ответами, которые их использовали, а ваши новые сообщения на этом сервере не будут индексироваться. Передумали? `/забудь-меня` с параметром `отменить` (касается только сообщений с этого момента).',
      optedIn:
        'Вы вернулись: сообщения, которые вы напишете с этого момента, снова можно индексировать. Удалённые ранее сообщения остаются удалёнными.',
      notOptedOut: 'Вы не отказывались от индексации на этом сервере, поэтому ничего не изменилось.',
      failed:
        'Сейчас не удалось до конца удалить ваши сообщения (моя база данных или поисковый индекс недоступны). Попробуйте `/забудь-меня` позже.',
    },
    pl: {
      prompt:
        'To usunie **wszystkie twoje wiadomości z tego serwera** z mojego indeksu (tekst i wektory wyszukiwania), odrzuci odpowiedzi, które je cytowały, i pominie twoje przyszłe wiadomości. Na Discordzie nic nie zostanie usunięte. Tylko ty możesz to potwierdzić. (Aby wrócić później: `/zapomnij-mnie` z opcją `cofnij`.)',
      confirm: 'Zapomnij moje wiadomości',
      cancel: 'Anuluj',
      wrongMember: 'Tylko członek, który użył `/zapomnij-mnie`, może to potwierdzić lub anulować.',
      cancelled: 'Anulowano: nic nie zostało usunięte.',
      removing: 'Usuwam twoje wiadomości z mojego indeksu…',
      done: 'Gotowe: z mojego indeksu {removed, plural, one {usunięto # twoją wiadomość} few {usunięto # twoje wiadomości} many {usunięto # twoich wiadomości} other {usunięto # twojej wiadomości}} razem z odpowiedziami, które z nich korzystały, a twoje przyszłe wiadomości na tym serwerze nie będą indeksowane. Zmiana zdania? `/zapomnij-mnie` z opcją `cofnij` (dotyczy tylko wiadomości od tej chwili).',
      optedIn:
        'Znów bierzesz udział: wiadomości, które napiszesz od teraz, mogą być indeksowane. Wcześniej usunięte wiadomości pozostają usunięte.',
      notOptedOut:
        'Twoje wiadomości na tym serwerze nie były wyłączone z indeksowania, więc nic się nie zmieniło.',
      failed:
        'Nie udało mi się teraz dokończyć usuwania twoich wiadomości (moja baza danych lub indeks wyszukiwania jest niedostępny). Spróbuj `/zapomnij-mnie` później.',
    },
    uk: {
      prompt:
        'Це видалить **усі ваші повідомлення на цьому сервері** з мого індексу (текст і пошукові вектори), прибере відповіді, що їх цитували, і більше не братиме ваших нових повідомлень. У Discord нічого не видаляється. Підтвердити можете лише ви. (Щоб повернутися пізніше: `/забудь-мене` з параметром `скасувати`.)',
      confirm: 'Забути мої повідомлення',
      cancel: 'Скасувати',
      wrongMember: 'Підтвердити або скасувати може лише учасник, який викликав `/забудь-мене`.',
      cancelled: 'Скасовано: нічого не видалено.',
      removing: 'Видаляю ваші повідомлення з індексу…',
      done: 'Готово: з мого індексу {removed, plural, one {видалено # ваше повідомлення} few {видалено # ваші повідомлення} many {видалено # ваших повідомлень} other {видалено # вашого повідомлення}} разом із відповідями, що їх використовували, а ваші нові повідомлення на цьому сервері не індексуватимуться. Передумали? `/забудь-мене` з параметром `скасувати` (стосується лише повідомлень відтепер).',
      optedIn:
        'Ви повернулися: повідомлення, які ви напишете відтепер, знову можна індексувати. Раніше видалені повідомлення лишаються видаленими.',
      notOptedOut: 'Ви не відмовлялися від індексації на цьому сервері, тож нічого не змінилося.',
      failed:
        'Зараз не вдалося до кінця видалити ваші повідомлення (моя база даних або пошуковий індекс недоступні). Спробуйте `/забудь-мене` пізніше.',
    },
    ja: {
      prompt:
        'この操作で、**このサーバーでのあなたのメッセージすべて**を私のインデックス（本文と検索ベクトル）から削除し、それを引用した回答を破棄し、今後のメッセージも除外します。Discord 上では何も削除されません。確定できるのはあなただけです。（後で戻すには：`/忘れて` を `取り消し` オプション付きで。）',
      confirm: 'メッセージを忘れさせる',
      cancel: 'キャンセル',
      wrongMember: '確定またはキャンセルできるのは `/忘れて` を実行したメンバーだけです。',
      cancelled: 'キャンセルしました。何も削除していません。',
      removing: 'インデックスからあなたのメッセージを削除しています…',
      done: '完了：あなたのメッセージ {removed, plural, other {# 件}}を、それを使った回答とともにインデックスから削除しました。このサーバーでの今後のメッセージはインデックスされません。気が変わったら `/忘れて` を `取り消し` オプション付きで（それ以降のメッセージにのみ適用）。',
      optedIn:
        '再参加しました。これから書くメッセージは再びインデックスされます。以前に削除したメッセージは削除されたままです。',
      notOptedOut: 'このサーバーでは除外を選んでいなかったため、何も変わりません。',
      failed:
        '今はメッセージの削除を完了できませんでした（データベースまたは検索インデックスが使えません）。後でもう一度 `/忘れて` をお試しください。',
    },
    ko: {
      prompt:
        '이 작업은 **이 서버에 있는 내 메시지 전부**를 봇의 색인(본문과 검색 벡터)에서 지우고, 그 메시지를 인용한 답변을 버리며, 앞으로의 메시지도 제외합니다. Discord에서는 아무것도 삭제되지 않습니다. 확인은 본인만 할 수 있습니다. (나중에 되돌리려면: `/나를-잊어줘`에 `되돌리기` 옵션을 켜세요.)',
      confirm: '내 메시지 잊기',
      cancel: '취소',
      wrongMember: '`/나를-잊어줘`를 실행한 멤버만 확인하거나 취소할 수 있습니다.',
      cancelled: '취소했습니다. 아무것도 지우지 않았습니다.',
      removing: '색인에서 메시지를 지우는 중…',
      done: '완료: 내 메시지 {removed, plural, other {#개}}를 그 메시지를 사용한 답변과 함께 색인에서 지웠으며, 이 서버에서 앞으로 쓰는 메시지는 색인되지 않습니다. 마음이 바뀌었나요? `/나를-잊어줘`에 `되돌리기` 옵션을 켜세요(그 이후의 메시지에만 적용).',
      optedIn:
        '다시 참여했습니다. 지금부터 쓰는 메시지는 다시 색인될 수 있습니다. 이전에 지운 메시지는 그대로 지워진 상태입니다.',
      notOptedOut: '이 서버에서 제외를 선택한 적이 없어 바뀐 것이 없습니다.',
      failed:
        '지금은 메시지를 끝까지 지우지 못했습니다(데이터베이스나 검색 색인을 사용할 수 없음). 나중에 `/나를-잊어줘`를 다시 시도해 주세요.',
    },
    'zh-CN': {
      prompt:
        '这会从我的索引中移除**你在本服务器的所有消息**（文本及其搜索向量），丢弃引用过它们的回答，并排除你以后的消息。Discord 上不会删除任何内容。只有你本人可以确认。（以后想重新加入：使用 `/忘记我` 并开启 `撤销` 选项。）',
      confirm: '忘记我的消息',
      cancel: '取消',
      wrongMember: '只有运行 `/忘记我` 的成员才能确认或取消。',
      cancelled: '已取消：没有移除任何内容。',
      removing: '正在从索引中移除你的消息…',
      done: '完成：已从我的索引中移除你的 {removed, plural, other {# 条}}消息，以及用到它们的回答，你以后在本服务器的消息不会被索引。改变主意了？使用 `/忘记我` 并开启 `撤销` 选项（只影响此后的消息）。',
      optedIn: '你已重新加入：从现在起你写的消息可以再次被索引。之前移除的消息仍保持移除。',
      notOptedOut: '你在本服务器没有选择退出，所以没有任何变化。',
      failed: '现在无法完成移除你的消息（我的数据库或搜索索引不可用）。请稍后再试 `/忘记我`。',
    },
  },
);
