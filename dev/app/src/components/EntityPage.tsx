import Grid from '@material-ui/core/Grid';
import {
  EntityAboutCard,
  EntityHasSubcomponentsCard,
  EntityLayout,
  EntityLinksCard,
} from '@backstage/plugin-catalog';
import {
  EntityLoadTestingContent,
  isLoadTestingAvailable,
} from '@internal/plugin-load-testing';

const overview = (
  <Grid container spacing={3} alignItems="stretch">
    <Grid item md={6} xs={12}>
      <EntityAboutCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityLinksCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityHasSubcomponentsCard variant="gridItem" />
    </Grid>
  </Grid>
);

/** One layout for every kind: the Load Tests tab shows where the annotation is set. */
export const entityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overview}
    </EntityLayout.Route>
    <EntityLayout.Route
      path="/load-tests"
      title="Load Tests"
      if={isLoadTestingAvailable}
    >
      <EntityLoadTestingContent />
    </EntityLayout.Route>
  </EntityLayout>
);
