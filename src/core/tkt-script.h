/* tkt-script.h — the MC's script (kịch bản, lời dẫn) of a ceremony.
 *
 * The script is a list of blocks generated in Vietnamese from the ceremony
 * and its awards: the opening, the introduction of guests in their order,
 * one block per agenda item, and for each award turn the announcement
 * ("Thừa ủy quyền của Thủ tướng Chính phủ, trân trọng kính mời đồng chí Vừ A
 * Bằng, Phó Chủ tịch UBND tỉnh, lên trao Cờ Thi đua của Chính phủ cho tập
 * thể Sở Khoa học và Công nghệ."), the decision being read, the recipients
 * called up in batches, and the closing.
 *
 * The user's edits are stored in the ceremony document, "script":
 * [{key, text, generated}] where generated is the generated text the edit
 * was made from.  A block whose current generated text differs from the
 * stored "generated" is stale: the edit stays and the block is marked, so
 * the user can look and re-apply.  Blocks have stable keys: "opening",
 * "guests", "agenda:<index>", "award:<award id>:announce",
 * "award:<award id>:decision", "award:<award id>:batch:<n>", "closing".
 */
#pragma once

#include "tkt-ceremony.h"
#include "tkt-award.h"

G_BEGIN_DECLS

typedef struct {
  char     *key;
  char     *title;       /* a heading for the block ("Giới thiệu đại biểu") */
  char     *generated;   /* current generated text */
  char     *text;        /* what the MC reads: the edit if any, else generated */
  gboolean  edited;
  gboolean  stale;       /* edited, and the data behind it changed since */
} TktScriptBlock;

void       tkt_script_block_free (TktScriptBlock *block);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktScriptBlock, tkt_script_block_free)

/* The script of a ceremony with its awards (in presentation order, as
 * tkt_award_list_for_ceremony gives them).  GPtrArray of TktScriptBlock. */
GPtrArray *tkt_script_build       (TktCeremony *ceremony,
                                   GPtrArray   *awards,
                                   TktStore    *store);
/* Records an edit of block key in the ceremony document (text NULL or equal
 * to generated removes the edit). */
void       tkt_script_set_edit    (TktCeremony    *ceremony,
                                   const TktScriptBlock *block,
                                   const char     *text);
/* Marks a stale edit as reviewed: stores the current generated text. */
void       tkt_script_accept_edit (TktCeremony    *ceremony,
                                   const TktScriptBlock *block);
/* The script as plain text: titles and texts, blank line between blocks. */
char      *tkt_script_to_text     (GPtrArray   *blocks,
                                   TktCeremony *ceremony);

G_END_DECLS
