import { PropsWithChildren } from 'react';
import {
  Sidebar,
  SidebarDivider,
  SidebarItem,
  SidebarPage,
  SidebarSpace,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import CategoryIcon from '@material-ui/icons/Category';
import CreateComponentIcon from '@material-ui/icons/AddCircleOutline';
import ExitToAppIcon from '@material-ui/icons/ExitToApp';

/** Sidebar of the dev portal: the catalog, templates, notifications, and sign-out to switch identities. */
export function Root({ children }: PropsWithChildren<{}>) {
  const identityApi = useApi(identityApiRef);
  return (
    <SidebarPage>
      <Sidebar>
        <SidebarDivider />
        <SidebarItem icon={CategoryIcon} to="catalog" text="Catalog" />
        <SidebarItem icon={CreateComponentIcon} to="create" text="Create…" />
        <NotificationsSidebarItem />
        <SidebarSpace />
        <SidebarDivider />
        <SidebarItem
          icon={ExitToAppIcon}
          text="Sign out"
          onClick={() => identityApi.signOut()}
        />
      </Sidebar>
      {children}
    </SidebarPage>
  );
}
