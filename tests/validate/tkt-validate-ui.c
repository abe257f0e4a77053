/* tkt-validate-ui.c: check one Builder file the way gtk4-builder-tool does
 *
 * Copyright 2026 the Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why not gtk4-builder-tool validate itself: in GTK 4.8 it looks a
 * template's parent up with g_type_from_name() only, and it does not link
 * libadwaita, so every template whose parent is an Adw type fails with
 * "Failed to lookup template parent type AdwBin" (LD_PRELOAD of libadwaita
 * lets it resolve Adw *children* lazily, but the parent is never
 * registered), and our own widgets used inside a template (TktDateRow) are
 * unknown to it.  This program does what the tool does, with libadwaita
 * initialised and the Tongket widget types registered:
 *
 *  - a file without a template is loaded into a GtkBuilder;
 *  - for a template, the declared parent must be the real parent of the
 *    class of that name, then the file is loaded into a fresh subtype of
 *    that parent under a scratch class name (as the tool does with its
 *    "fake type"), so the XML — objects, properties, signals, bindings — is
 *    checked as written, without running the class's own init code.
 *
 * Signal handlers and closures resolve to a no-op: they are bound by the
 * class at run time, and checked there by the widget tests.
 *
 * Needs a display (run under xvfb-run).  Exit status 0 when every file is
 * valid; errors on stderr as FILE:LINE:COL message.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "tkt-catalog-editor.h"
#include "tkt-ceremony-page.h"
#include "tkt-date-row.h"
#include "tkt-money-row.h"
#include "tkt-preferences-window.h"
#include "tkt-report-page.h"
#include "tkt-stage-dialog.h"
#include "tkt-task-editor.h"
#include "tkt-task-page.h"
#include "tkt-transfer-dialog.h"
#include "tkt-window.h"

#define TKT_TYPE_VALIDATE_SCOPE (tkt_validate_scope_get_type ())
G_DECLARE_FINAL_TYPE (TktValidateScope, tkt_validate_scope, TKT, VALIDATE_SCOPE, GtkBuilderCScope)

struct _TktValidateScope
{
  GtkBuilderCScope parent_instance;
};

static void tkt_validate_scope_iface_init (GtkBuilderScopeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TktValidateScope, tkt_validate_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE,
                                                      tkt_validate_scope_iface_init))

static GtkBuilderScopeInterface *parent_scope_iface;

/* Leaves the return value at its zero value: nothing is emitted while a
 * file is only being parsed, but a binding may evaluate a closure once. */
static void
noop_marshal (GClosure     *closure,
              GValue       *return_value,
              guint         n_param_values,
              const GValue *param_values,
              gpointer      invocation_hint,
              gpointer      marshal_data)
{
}

static GClosure *
tkt_validate_scope_create_closure (GtkBuilderScope        *scope,
                                   GtkBuilder             *builder,
                                   const char             *function_name,
                                   GtkBuilderClosureFlags  flags,
                                   GObject                *object,
                                   GError                **error)
{
  GClosure *closure;

  if (function_name == NULL || *function_name == '\0')
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_FUNCTION,
                   "Empty handler name");
      return NULL;
    }

  closure = g_closure_new_simple (sizeof (GClosure), NULL);
  g_closure_set_marshal (closure, noop_marshal);
  return closure;
}

static void
tkt_validate_scope_iface_init (GtkBuilderScopeInterface *iface)
{
  parent_scope_iface = g_type_interface_peek_parent (iface);
  iface->get_type_from_name = parent_scope_iface->get_type_from_name;
  iface->get_type_from_function = parent_scope_iface->get_type_from_function;
  iface->create_closure = tkt_validate_scope_create_closure;
}

static void
tkt_validate_scope_class_init (TktValidateScopeClass *klass)
{
}

static void
tkt_validate_scope_init (TktValidateScope *self)
{
}

/* The widget classes whose templates live in data/ui/, and the widgets
 * those templates use.  A new widget class goes here too. */
static void
ensure_types (void)
{
  g_type_ensure (TKT_TYPE_WINDOW);
  g_type_ensure (TKT_TYPE_TASK_PAGE);
  g_type_ensure (TKT_TYPE_REPORT_PAGE);
  g_type_ensure (TKT_TYPE_CEREMONY_PAGE);
  g_type_ensure (TKT_TYPE_TASK_EDITOR);
  g_type_ensure (TKT_TYPE_STAGE_DIALOG);
  g_type_ensure (TKT_TYPE_TRANSFER_DIALOG);
  g_type_ensure (TKT_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (TKT_TYPE_CATALOG_EDITOR);
  g_type_ensure (TKT_TYPE_DATE_ROW);
  g_type_ensure (TKT_TYPE_MONEY_ROW);
}

typedef struct
{
  char *class_name;
  char *parent_name;
} TemplateInfo;

static void
find_template_start_cb (GMarkupParseContext  *context,
                        const char           *element_name,
                        const char          **attribute_names,
                        const char          **attribute_values,
                        gpointer              user_data,
                        GError              **error)
{
  TemplateInfo *info = user_data;

  if (strcmp (element_name, "template") != 0 || info->class_name != NULL)
    return;

  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      if (strcmp (attribute_names[i], "class") == 0)
        info->class_name = g_strdup (attribute_values[i]);
      else if (strcmp (attribute_names[i], "parent") == 0)
        info->parent_name = g_strdup (attribute_values[i]);
    }

  if (info->class_name == NULL)
    info->class_name = g_strdup ("");
}

static gboolean
find_template (const char    *contents,
               gsize          length,
               TemplateInfo  *info,
               GError       **error)
{
  static const GMarkupParser parser = { find_template_start_cb, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;

  context = g_markup_parse_context_new (&parser, 0, info, NULL);
  return g_markup_parse_context_parse (context, contents, length, error)
         && g_markup_parse_context_end_parse (context, error);
}

static GType
make_scratch_type (const char *type_name,
                   GType       parent_type)
{
  GTypeQuery query;

  g_type_query (parent_type, &query);
  return g_type_register_static_simple (parent_type,
                                        g_intern_string (type_name),
                                        query.class_size, NULL,
                                        query.instance_size, NULL,
                                        0);
}

static gboolean
validate_plain (const char  *contents,
                gsize        length,
                GError     **error)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = g_object_new (TKT_TYPE_VALIDATE_SCOPE, NULL);
  GSList *objects;

  gtk_builder_set_scope (builder, scope);
  if (!gtk_builder_add_from_string (builder, contents, length, error))
    return FALSE;

  /* Toplevels are owned by GTK's window list until destroyed. */
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_WINDOW (l->data))
      gtk_window_destroy (l->data);
  g_slist_free (objects);

  return TRUE;
}

static gboolean
validate_template (const char          *contents,
                   const TemplateInfo  *info,
                   GError             **error)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autofree char *scratch_name = NULL;
  g_autofree char *replacement = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *renamed = NULL;
  GType class_type, parent_type, scratch_type;
  GObject *object;
  gboolean ok;

  if (info->class_name[0] == '\0' || info->parent_name == NULL)
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_MISSING_ATTRIBUTE,
                   "<template> needs both class and parent");
      return FALSE;
    }

  parent_type = g_type_from_name (info->parent_name);
  if (parent_type == G_TYPE_INVALID)
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_TEMPLATE_MISMATCH,
                   "Unknown template parent type %s", info->parent_name);
      return FALSE;
    }

  class_type = g_type_from_name (info->class_name);
  if (class_type == G_TYPE_INVALID)
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_TEMPLATE_MISMATCH,
                   "No class %s is registered: add it to ensure_types() in %s "
                   "if it is a new widget",
                   info->class_name, __FILE__);
      return FALSE;
    }

  if (g_type_parent (class_type) != parent_type)
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_TEMPLATE_MISMATCH,
                   "Template parent is %s but class %s derives from %s",
                   info->parent_name, info->class_name,
                   g_type_name (g_type_parent (class_type)));
      return FALSE;
    }

  scratch_name = g_strconcat ("TktValidate_", info->class_name, NULL);
  scratch_type = g_type_from_name (scratch_name);
  if (scratch_type == G_TYPE_INVALID)
    scratch_type = make_scratch_type (scratch_name, parent_type);

  /* Point the <template> at the scratch class; nothing else changes, so
   * line and column numbers in errors stay those of the file. */
  escaped = g_regex_escape_string (info->class_name, -1);
  pattern = g_strdup_printf ("(<template\\b[^>]*\\bclass=[\"'])%s([\"'])", escaped);
  regex = g_regex_new (pattern, 0, 0, NULL);
  g_assert (regex != NULL);
  replacement = g_strdup_printf ("\\1%s\\2", scratch_name);
  renamed = g_regex_replace (regex, contents, -1, 0, replacement, 0, error);
  if (renamed == NULL)
    return FALSE;

  builder = gtk_builder_new ();
  scope = g_object_new (TKT_TYPE_VALIDATE_SCOPE, NULL);
  gtk_builder_set_scope (builder, scope);

  /* Hold one reference of our own: a window sinks its floating one into
   * GTK's list of toplevels, a plain widget is still floating. */
  object = g_object_ref_sink (g_object_new (scratch_type, NULL));
  ok = gtk_builder_extend_with_template (builder, object, scratch_type, " ", 1, error)
       && gtk_builder_add_from_string (builder, renamed, -1, error);

  g_clear_object (&builder);
  if (GTK_IS_WINDOW (object))
    gtk_window_destroy (GTK_WINDOW (object));
  g_object_unref (object);

  return ok;
}

static gboolean
validate_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  TemplateInfo info = { NULL, NULL };
  gsize length;
  gboolean ok;

  if (!g_file_get_contents (path, &contents, &length, &error))
    ok = FALSE;
  else if (!find_template (contents, length, &info, &error))
    ok = FALSE;
  else if (info.class_name == NULL)
    ok = validate_plain (contents, length, &error);
  else
    ok = validate_template (contents, &info, &error);

  if (ok)
    g_print ("%s: valid%s%s\n", path,
             info.class_name ? ", template of " : "",
             info.class_name ? info.class_name : "");
  else
    g_printerr ("%s: %s\n", path, error->message);

  g_free (info.class_name);
  g_free (info.parent_name);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  gboolean all_ok = TRUE;

  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE.ui…\n", argv[0]);
      return 2;
    }

  if (!gtk_init_check ())
    {
      g_printerr ("%s: cannot open a display (run under xvfb-run)\n", argv[0]);
      return 2;
    }
  adw_init ();
  ensure_types ();

  for (int i = 1; i < argc; i++)
    all_ok &= validate_file (argv[i]);

  return all_ok ? 0 : 1;
}
