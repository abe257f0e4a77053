/* tkt-ui-util.h — small pieces the pages share: the error dialog,
 * printing a paged document with GtkPrintOperation, and folding a list
 * beside a detail on a narrow window. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A modal message dialog on widget's window with one Close button. */
void tkt_show_error (GtkWidget  *widget,
                     const char *heading,
                     const char *body);

/* Lays the pages out for a page of width x height points (called when the
 * print dialog has chosen the paper); returns the layout and its page
 * count, or NULL to cancel. */
typedef gpointer (*TktPrintLayoutFunc) (GtkWidget      *widget,
                                        double          width,
                                        double          height,
                                        guint          *n_pages,
                                        GDestroyNotify *free_layout);
typedef void     (*TktPrintDrawFunc)   (gpointer        layout,
                                        cairo_t        *cr,
                                        guint           page);

/* Shows the print dialog for an A4 document that draws its own margins in
 * points, and prints asynchronously; errors go to tkt_show_error with
 * "Printing Failed".  Nothing happens once widget is gone. */
void tkt_print_run  (GtkWidget          *widget,
                     const char         *job_name,
                     TktPrintLayoutFunc  layout_func,
                     TktPrintDrawFunc    draw_func);

/* Gives every GtkSearchEntry under root that has no accessible name this
 * one: the search entries that AdwPreferencesWindow and
 * GtkShortcutsWindow make themselves have none in libadwaita 1.2 and
 * GTK 4.8, so a screen reader says only "entry". */
void  tkt_name_search_entries  (GtkWidget  *root,
                                const char *name);

/* Gives widget the accessible name label, in place of the labelled-by
 * relation GTK and libadwaita set on a button with a label, on a row (its
 * title) and on a row's activatable widget: GTK 4.8 reads the label and
 * then the relation's text ("Add Task Add Task").  Call it after whatever
 * sets the relation (adw_action_row_set_activatable_widget, a new button
 * label). */
void  tkt_accessible_set_label (gpointer    widget,
                                const char *label);

/* The emblem in the slides' footer: a PNG the user chose, kept as
 * emblem.png in the application's data folder (the same for every
 * ceremony).  tkt_slides_emblem_path returns it when it exists, else
 * NULL; tkt_slides_emblem_target where to copy a new one. */
char *tkt_slides_emblem_path   (void);
char *tkt_slides_emblem_target (void);

/* A page whose content is a list beside a detail (the Tasks, Reports and
 * Ceremonies areas) puts both in an AdwLeaflet: side by side when the
 * window is wide enough, one at a time when it is narrow (down to 360 px,
 * a phone).  Folded, the list is shown first; picking an item shows its
 * detail, and Back (the window's back button, Alt+Left, Escape in the
 * detail, a swipe) returns to the list with the keyboard focus on
 * list_focus.  Unfolded, these do nothing.
 *
 * tkt_fold_setup is called once, from the page's init. */
void        tkt_fold_setup         (GtkWidget  *page,
                                    AdwLeaflet *leaflet,
                                    GtkWidget  *list_pane,
                                    GtkWidget  *detail_pane,
                                    GtkWidget  *list_focus);
/* The page's leaflet, or NULL for a page that does not fold. */
AdwLeaflet *tkt_fold_get_leaflet   (GtkWidget  *page);
/* Folded and showing the detail: Back leads to the list. */
gboolean    tkt_fold_showing_detail (GtkWidget *page);
/* Folded: shows the detail, and with focus moves the keyboard focus to
 * its first control (the list's row the focus was on is hidden). */
void        tkt_fold_show_detail   (GtkWidget  *page,
                                    gboolean    focus);
/* Folded and showing the detail: shows the list, the focus on
 * list_focus; FALSE (nothing done) otherwise. */
gboolean    tkt_fold_show_list     (GtkWidget  *page);

/* A bar of a label and buttons that wraps rather than widening the window:
 * its children in a row when they fit; otherwise they go on as many lines
 * as they need, the buttons at the end of each line.  A child that expands
 * horizontally (a wrapping label) takes the rest of its line, and keeps at
 * least 240 px (or its natural width) beside the others: narrower than
 * that, the others go on the next line.  Its minimum width is its widest
 * child's, so a bar fits a 360 px window. */
#define TKT_TYPE_BAR (tkt_bar_get_type ())
G_DECLARE_FINAL_TYPE (TktBar, tkt_bar, TKT, BAR, GtkWidget)

GtkWidget *tkt_bar_new    (int        spacing);
void       tkt_bar_append (TktBar    *self,
                           GtkWidget *child);

G_END_DECLS
